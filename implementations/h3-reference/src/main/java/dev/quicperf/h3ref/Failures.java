package dev.quicperf.h3ref;

import java.util.concurrent.ExecutionException;

/** Throwables in words for reports: the root cause's type and message. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while ((root instanceof ExecutionException || root.getMessage() == null) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
