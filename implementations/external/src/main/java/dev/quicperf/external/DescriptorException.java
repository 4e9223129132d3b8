package dev.quicperf.external;

/** A stack descriptor that cannot be used; the message names the file, the line and the fix. */
public final class DescriptorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DescriptorException(String message) {
        super(message);
    }
}
