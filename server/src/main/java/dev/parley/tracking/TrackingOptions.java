package dev.parley.tracking;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Operator settings for visitor tracking.
 *
 * @param trustProxy           take the client address from the last {@code X-Forwarded-For} entry (the one the
 *                             reverse proxy in front of Parley appended); off by default, because anyone can send that
 *                             header
 * @param geoIpDatabase        a MaxMind-format (.mmdb) country or city database, or null: country/city are "unknown"
 * @param newVisitAfter        a visitor with no connection for this long starts a new visit when they come back
 * @param newVisitorsPerMinute new visitors (a hello without a valid visitor token) one address may start per minute
 * @param pageViewDays         page views older than this many days are deleted (hourly)
 */
public record TrackingOptions(boolean trustProxy, Path geoIpDatabase, Duration newVisitAfter, int newVisitorsPerMinute,
                              int pageViewDays) {
    public static final TrackingOptions DEFAULTS = new TrackingOptions(false, null, Duration.ofMinutes(30), 30, 90);

    public TrackingOptions {
        if (newVisitAfter == null || newVisitAfter.isNegative() || newVisitAfter.isZero()) {
            throw new IllegalArgumentException("the new-visit gap must be positive, got " + newVisitAfter);
        }
        if (newVisitorsPerMinute < 1 || newVisitorsPerMinute > 1_000_000) {
            throw new IllegalArgumentException("new visitors per minute per address must be between 1 and 1000000, got "
                    + newVisitorsPerMinute);
        }
        if (pageViewDays < 1 || pageViewDays > 36_500) {
            throw new IllegalArgumentException("page view retention must be between 1 and 36500 days, got " + pageViewDays);
        }
    }

    public TrackingOptions withTrustProxy(boolean trust) {
        return new TrackingOptions(trust, geoIpDatabase, newVisitAfter, newVisitorsPerMinute, pageViewDays);
    }

    public TrackingOptions withGeoIpDatabase(Path path) {
        return new TrackingOptions(trustProxy, path, newVisitAfter, newVisitorsPerMinute, pageViewDays);
    }

    public TrackingOptions withNewVisitAfter(Duration gap) {
        return new TrackingOptions(trustProxy, geoIpDatabase, gap, newVisitorsPerMinute, pageViewDays);
    }

    public TrackingOptions withNewVisitorsPerMinute(int perAddress) {
        return new TrackingOptions(trustProxy, geoIpDatabase, newVisitAfter, perAddress, pageViewDays);
    }

    public TrackingOptions withPageViewDays(int days) {
        return new TrackingOptions(trustProxy, geoIpDatabase, newVisitAfter, newVisitorsPerMinute, days);
    }
}
