package dev.parley.gateway;

/** A frame the server refuses, with the error code and human message sent back to the client. */
public final class FrameException extends RuntimeException {
    private final String code;
    private final String ref;
    private final long retryAfterMs;

    public FrameException(String code, String message) {
        this(code, message, null);
    }

    public FrameException(String code, String message, String ref) {
        this(code, message, ref, 0);
    }

    public FrameException(String code, String message, String ref, long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
        this.retryAfterMs = retryAfterMs;
    }

    public static FrameException rateLimited(String message, long nanosToWait, String ref) {
        long millis = Math.max(1, nanosToWait / 1_000_000);
        return new FrameException("rate_limited", message + " Try again in " + Math.max(1, (millis + 999) / 1000) + " s.", ref, millis);
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }

    public String code() {
        return code;
    }

    public String ref() {
        return ref;
    }
}
