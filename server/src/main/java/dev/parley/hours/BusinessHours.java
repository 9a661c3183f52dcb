package dev.parley.hours;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When a site answers: an IANA time zone and, per weekday, open intervals in that zone's wall-clock time. The site's
 * zone alone decides; a visitor's own zone never enters.
 *
 * <p>Wall-clock semantics across DST: an instant is open when its local time in the site's zone lies in an interval
 * of that local day ({@code from <= time < to}). On the spring-forward day the skipped hour simply does not occur
 * (09:00–02:30 is never reached past 02:00; 01:00–02:30 closes at 03:00, the first instant past 02:30); on the
 * fall-back day the repeated hour counts twice (02:00–02:30 is open in both passes). {@link #nextChange} finds the
 * next instant the answer changes, exactly, so a hub can set one timer instead of polling.
 */
public final class BusinessHours {
    /** No schedule configured: open all the time (agents' presence alone decides). */
    public static final BusinessHours ALWAYS_OPEN = new BusinessHours(null, Map.of());
    static final int DAY_MINUTES = 24 * 60;

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> week;

    /** One open interval in minutes of the local day; {@code to} may be 1440 (24:00, end of day). */
    public record Interval(int from, int to) {
        public Interval {
            if (from < 0 || to > DAY_MINUTES || from >= to) {
                throw new IllegalArgumentException("bad interval " + from + "-" + to);
            }
        }

        boolean contains(int minute) {
            return minute >= from && minute < to;
        }
    }

    BusinessHours(ZoneId zone, Map<DayOfWeek, List<Interval>> week) {
        this.zone = zone;
        var copy = new EnumMap<DayOfWeek, List<Interval>>(DayOfWeek.class);
        week.forEach((day, intervals) -> copy.put(day, List.copyOf(intervals)));
        this.week = copy;
    }

    /** A schedule in {@code zone}; days missing from {@code week} are closed all day. */
    public static BusinessHours of(ZoneId zone, Map<DayOfWeek, List<Interval>> week) {
        return new BusinessHours(zone, week);
    }

    public boolean isAlwaysOpen() {
        return zone == null;
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Interval> intervals(DayOfWeek day) {
        return week.getOrDefault(day, List.of());
    }

    public boolean isOpen(Instant instant) {
        if (zone == null) {
            return true;
        }
        var local = instant.atZone(zone).toLocalDateTime();
        int minute = local.getHour() * 60 + local.getMinute();
        for (var interval : intervals(local.getDayOfWeek())) {
            if (interval.contains(minute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first instant after {@code after} at which {@link #isOpen} gives a different answer, or null when it never
     * changes (always open, or never open).
     *
     * <p>The answer can only change where the wall clock passes an interval boundary: at a boundary's local time under
     * each offset valid then (two in a repeated hour, none in a skipped one), or where the clock jumps (a zone
     * transition). Between two such candidates it is constant, so the first candidate with a different answer is it.
     */
    public Instant nextChange(Instant after) {
        if (zone == null || week.values().stream().allMatch(List::isEmpty)) {
            return null;
        }
        var rules = zone.getRules();
        var candidates = new TreeSet<Instant>();
        var startDate = after.atZone(zone).toLocalDate().minusDays(1);
        for (int d = 0; d < 10; d++) {
            var date = startDate.plusDays(d);
            for (var interval : intervals(date.getDayOfWeek())) {
                addBoundary(candidates, date, interval.from(), after);
                addBoundary(candidates, date, interval.to(), after);
            }
        }
        var end = after.plusSeconds(10L * 24 * 3600);
        ZoneOffsetTransition transition = rules.nextTransition(after);
        while (transition != null && transition.getInstant().isBefore(end)) {
            candidates.add(transition.getInstant());
            transition = rules.nextTransition(transition.getInstant());
        }
        boolean now = isOpen(after);
        for (var candidate : candidates) {
            if (isOpen(candidate) != now) {
                return candidate;
            }
        }
        return null;
    }

    private void addBoundary(TreeSet<Instant> candidates, LocalDate date, int minute, Instant after) {
        var local = minute == DAY_MINUTES ? date.plusDays(1).atStartOfDay() : LocalDateTime.of(date, LocalTime.of(minute / 60, minute % 60));
        for (ZoneOffset offset : zone.getRules().getValidOffsets(local)) {
            var instant = local.toInstant(offset);
            if (instant.isAfter(after)) {
                candidates.add(instant);
            }
        }
    }

    // ---- JSON ----------------------------------------------------------------------------------------

    /** {@code {"timeZone":"Europe/Berlin","days":{"mon":[{"from":"09:00","to":"17:30"}],…}}}, or {@code null} for always open. */
    public JsonObject toJson() {
        if (zone == null) {
            return null;
        }
        var days = new JsonObject();
        for (var day : DayOfWeek.values()) {
            var list = new JsonArray();
            for (var interval : intervals(day)) {
                list.add(new JsonObject().put("from", HoursJson.format(interval.from())).put("to", HoursJson.format(interval.to())));
            }
            days.put(HoursJson.dayKey(day), list);
        }
        return new JsonObject().put("timeZone", zone.getId()).put("days", days);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusinessHours other && java.util.Objects.equals(zone, other.zone) && normalized().equals(other.normalized());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(zone, normalized());
    }

    private Map<DayOfWeek, List<Interval>> normalized() {
        var map = new EnumMap<DayOfWeek, List<Interval>>(DayOfWeek.class);
        week.forEach((d, l) -> {
            if (!l.isEmpty()) {
                map.put(d, new ArrayList<>(l));
            }
        });
        return map;
    }

    @Override
    public String toString() {
        return zone == null ? "always open" : String.valueOf(toJson());
    }
}
