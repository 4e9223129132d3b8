package dev.quicperf.suite.goodput;

/**
 * A cell that could not produce its numbers (as opposed to numbers that broke a budget). Allure
 * shows it as broken rather than failed.
 */
public class CellBrokenException extends RuntimeException {

    public CellBrokenException(String message) {
        super(message);
    }
}
