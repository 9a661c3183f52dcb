package dev.parley.tracking;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Operator settings for visitor tracking.
 *
 * @param trustProxy     take the client address from the last {@code X-Forwarded-For} entry (the one the reverse
 *                       proxy in front of Parley appended); off by default, because anyone can send that header
 * @param geoIpDatabase  a MaxMind-format (.mmdb) country or city database, or null: country/city are "unknown"
 * @param newVisitAfter  a visitor with no connection for this long starts a new visit when they come back
 */
public record TrackingOptions(boolean trustProxy, Path geoIpDatabase, Duration newVisitAfter) {
    public static final TrackingOptions DEFAULTS = new TrackingOptions(false, null, Duration.ofMinutes(30));

    public TrackingOptions {
        if (newVisitAfter == null || newVisitAfter.isNegative() || newVisitAfter.isZero()) {
            throw new IllegalArgumentException("the new-visit gap must be positive, got " + newVisitAfter);
        }
    }

    public TrackingOptions withTrustProxy(boolean trust) {
        return new TrackingOptions(trust, geoIpDatabase, newVisitAfter);
    }

    public TrackingOptions withGeoIpDatabase(Path path) {
        return new TrackingOptions(trustProxy, path, newVisitAfter);
    }

    public TrackingOptions withNewVisitAfter(Duration gap) {
        return new TrackingOptions(trustProxy, geoIpDatabase, gap);
    }
}
