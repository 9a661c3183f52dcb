package dev.parley.tracking;

import java.time.Duration;

/** The node's tracking services: UA parsing, GeoIP and the options; shared by the gateway and the hubs. */
public final class Tracking implements AutoCloseable {
    private final TrackingOptions options;
    private final UserAgents userAgents = new UserAgents();
    private final GeoIp geoIp;

    private Tracking(TrackingOptions options, GeoIp geoIp) {
        this.options = options;
        this.geoIp = geoIp;
    }

    /** Opens the GeoIP database if one is configured; a bad file fails here (see {@link GeoIp#open}). */
    public static Tracking open(TrackingOptions options) {
        return new Tracking(options, GeoIp.open(options.geoIpDatabase()));
    }

    public boolean trustProxy() {
        return options.trustProxy();
    }

    public Duration newVisitAfter() {
        return options.newVisitAfter();
    }

    public TrackingOptions options() {
        return options;
    }

    /** Parses and looks up; CPU and possibly disk work, so call it off the event loop. */
    public VisitorClient describe(ClientInfo client, String reportedLanguage) {
        return new VisitorClient(client.ip(), geoIp.locate(client.ip()), userAgents.parse(client.userAgent()),
                Languages.choose(reportedLanguage, client.acceptLanguage()));
    }

    @Override
    public void close() {
        geoIp.close();
    }
}
