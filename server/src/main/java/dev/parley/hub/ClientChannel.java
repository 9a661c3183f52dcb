package dev.parley.hub;

/** The transport under a session (WebSocket today, long-poll later). Both methods may be called from any thread. */
public interface ClientChannel {
    void send(String frame);

    void close(short code, String reason);

    String origin();
}
