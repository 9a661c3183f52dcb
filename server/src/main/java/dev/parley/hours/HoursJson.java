package dev.parley.hours;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses and validates business hours from JSON, with messages that name the field and say what is wrong. */
public final class HoursJson {
    private static final Pattern TIME = Pattern.compile("^([01]\\d|2[0-3]):([0-5]\\d)$|^24:00$");
    static final int MAX_INTERVALS_PER_DAY = 12;

    private HoursJson() {
    }

    /** A problem with submitted hours; the message is fit to show the owner. */
    public static final class InvalidHours extends RuntimeException {
        public InvalidHours(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code null} or {@code {"alwaysOpen":true}} means always open; otherwise a zone and a weekly schedule. */
    public static BusinessHours parse(Object value) {
        if (value == null) {
            return BusinessHours.ALWAYS_OPEN;
        }
        if (!(value instanceof JsonObject json)) {
            throw new InvalidHours("hours must be an object like {\"timeZone\":\"Europe/Berlin\",\"days\":{\"mon\":[{\"from\":\"09:00\",\"to\":\"17:30\"}]}} or null.");
        }
        if (Boolean.TRUE.equals(json.getValue("alwaysOpen"))) {
            return BusinessHours.ALWAYS_OPEN;
        }
        var zone = zone(json.getValue("timeZone"));
        var daysValue = json.getValue("days");
        if (daysValue != null && !(daysValue instanceof JsonObject)) {
            throw new InvalidHours("hours.days must be an object keyed by mon, tue, wed, thu, fri, sat, sun.");
        }
        var days = daysValue == null ? new JsonObject() : (JsonObject) daysValue;
        var week = new EnumMap<DayOfWeek, List<BusinessHours.Interval>>(DayOfWeek.class);
        for (var key : days.fieldNames()) {
            var day = day(key);
            week.put(day, intervals(key, days.getValue(key)));
        }
        return BusinessHours.of(zone, week);
    }

    private static ZoneId zone(Object value) {
        if (!(value instanceof String id) || id.isBlank()) {
            throw new InvalidHours("hours.timeZone is required: an IANA time zone such as Europe/Berlin.");
        }
        if (id.length() > 64 || !ZoneId.getAvailableZoneIds().contains(id)) {
            throw new InvalidHours("Unknown time zone '" + dev.parley.chat.Text.clip(id, 64) + "': use an IANA name such as Europe/Berlin or America/New_York.");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new InvalidHours("Unknown time zone '" + id + "'.");
        }
    }

    private static DayOfWeek day(String key) {
        for (var day : DayOfWeek.values()) {
            if (dayKey(day).equals(key)) {
                return day;
            }
        }
        throw new InvalidHours("Unknown day '" + dev.parley.chat.Text.clip(key, 20) + "' in hours.days: use mon, tue, wed, thu, fri, sat, sun.");
    }

    private static List<BusinessHours.Interval> intervals(String dayKey, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new InvalidHours("hours.days." + dayKey + " must be a list of {\"from\":\"09:00\",\"to\":\"17:30\"}.");
        }
        if (array.size() > MAX_INTERVALS_PER_DAY) {
            throw new InvalidHours("hours.days." + dayKey + " has " + array.size() + " intervals; at most " + MAX_INTERVALS_PER_DAY + ".");
        }
        var list = new ArrayList<BusinessHours.Interval>();
        for (int i = 0; i < array.size(); i++) {
            var where = "hours.days." + dayKey + "[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject item)) {
                throw new InvalidHours(where + " must be {\"from\":\"09:00\",\"to\":\"17:30\"}.");
            }
            int from = minutes(where + ".from", item.getValue("from"), false);
            int to = minutes(where + ".to", item.getValue("to"), true);
            if (to == from) {
                throw new InvalidHours(where + ": " + format(from) + "–" + format(to) + " is empty; an interval must end after it starts (use 24:00 for midnight).");
            }
            if (to < from) {
                throw new InvalidHours(where + ": " + format(from) + "–" + format(to) + " ends before it starts; an interval ends after it starts on the same day (use 24:00 for midnight).");
            }
            list.add(new BusinessHours.Interval(from, to));
        }
        list.sort(Comparator.comparingInt(BusinessHours.Interval::from));
        for (int i = 1; i < list.size(); i++) {
            var previous = list.get(i - 1);
            var current = list.get(i);
            if (current.from() < previous.to()) {
                throw new InvalidHours("hours.days." + dayKey + ": " + format(previous.from()) + "–" + format(previous.to()) + " and "
                        + format(current.from()) + "–" + format(current.to()) + " overlap.");
            }
        }
        return list;
    }

    private static int minutes(String where, Object value, boolean allowMidnightEnd) {
        if (!(value instanceof String s) || !TIME.matcher(s).matches()) {
            throw new InvalidHours(where + " must be a time HH:MM between 00:00 and 23:59" + (allowMidnightEnd ? " (or 24:00)" : "")
                    + ", got " + (value == null ? "nothing" : "'" + dev.parley.chat.Text.clip(String.valueOf(value), 20) + "'") + ".");
        }
        int minutes = Integer.parseInt(s.substring(0, 2)) * 60 + Integer.parseInt(s.substring(3));
        if (minutes == BusinessHours.DAY_MINUTES && !allowMidnightEnd) {
            throw new InvalidHours(where + " cannot be 24:00; an interval starts at 23:59 at the latest.");
        }
        return minutes;
    }

    static String format(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    static String dayKey(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    /** Parses stored JSON text (written by this class); an unreadable row counts as always open, never as closed. */
    public static BusinessHours fromStored(String text) {
        if (text == null || text.isBlank()) {
            return BusinessHours.ALWAYS_OPEN;
        }
        try {
            return parse(new JsonObject(text));
        } catch (RuntimeException e) {
            return BusinessHours.ALWAYS_OPEN;
        }
    }
}
