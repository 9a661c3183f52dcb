package dev.parley.offline;

import dev.parley.hours.BusinessHours;

/** A site's settings for when nobody can answer: its business hours and where left messages are notified. */
public record OfflineSettings(BusinessHours hours, String notificationEmail) {
    public static final OfflineSettings DEFAULT = new OfflineSettings(BusinessHours.ALWAYS_OPEN, "");
}
