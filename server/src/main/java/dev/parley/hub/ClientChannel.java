package dev.parley.hub;

/** The transport under a session (WebSocket today, long-poll later). Both methods may be called from any thread. */
public interface ClientChannel {
    void send(String frame);

    void close(short code, String reason);

    String origin();

    /**
     * The event loop this transport writes on, or null: the loop's own context, the same object for every connection on
     * that loop (not a connection's duplicated context). A broadcast groups its frames by it and hands each loop one
     * task, instead of one cross-thread write per frame.
     */
    default io.vertx.core.Context context() {
        return null;
    }
}
