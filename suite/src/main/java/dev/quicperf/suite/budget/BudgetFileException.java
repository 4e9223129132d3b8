package dev.quicperf.suite.budget;

/** A budgets file that cannot be used; the message starts with {@code file:line:}. */
public class BudgetFileException extends IllegalArgumentException {

    public BudgetFileException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
    }

    public BudgetFileException(String source, int line, String problem, Throwable cause) {
        super(source + ":" + line + ": " + problem, cause);
    }
}
