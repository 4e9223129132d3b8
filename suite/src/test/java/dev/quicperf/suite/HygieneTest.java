package dev.quicperf.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.environment.Leftovers;
import io.qameta.allure.Allure;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (see junit-platform.properties): fails if any process,
 * namespace, key directory, container or VM of ours is still there.
 */
@Order(Integer.MAX_VALUE)
class HygieneTest {

    @Test
    void nothingOfOursIsLeftAfterTheSuite() {
        Allure.epic("reliability");
        Allure.feature("hygiene");
        assertThat(Leftovers.find()).as("left behind by the suite").isEmpty();
    }
}
