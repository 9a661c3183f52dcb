package dev.parley.hours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Business hours in Europe/Berlin around both DST changes of 2026: on Sunday 29 March the clocks jump from 02:00 CET to
 * 03:00 CEST (01:00 UTC); on Sunday 25 October they fall back from 03:00 CEST to 02:00 CET (01:00 UTC).
 */
class BusinessHoursTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static BusinessHours hours(String zone, String days) {
        return HoursJson.parse(new JsonObject("{\"timeZone\":\"" + zone + "\",\"days\":" + days + "}"));
    }

    static BusinessHours sunday(String from, String to) {
        return hours("Europe/Berlin", "{\"sun\":[{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}]}");
    }

    static Instant utc(String text) {
        return Instant.parse(text);
    }

    @Nested
    class SpringForward {
        @Test
        void interval_ending_inside_the_skipped_hour_closes_when_the_clock_jumps() {
            var h = sunday("01:00", "02:30");
            assertTrue(h.isOpen(utc("2026-03-29T00:59:59Z")), "01:59:59 CET is open");
            assertFalse(h.isOpen(utc("2026-03-29T01:00:00Z")), "the next second reads 03:00 CEST, past 02:30");
            assertEquals(utc("2026-03-29T01:00:00Z"), h.nextChange(utc("2026-03-29T00:30:00Z")));
        }

        @Test
        void interval_entirely_inside_the_skipped_hour_never_opens_that_day() {
            var h = sunday("02:15", "02:45");
            for (var t = utc("2026-03-28T22:00:00Z"); t.isBefore(utc("2026-03-29T22:00:00Z")); t = t.plusSeconds(300)) {
                assertFalse(h.isOpen(t), "open at " + t);
            }
            // next Sunday (5 April, summer time): 02:15 CEST = 00:15 UTC
            assertEquals(utc("2026-04-05T00:15:00Z"), h.nextChange(utc("2026-03-28T12:00:00Z")));
        }

        @Test
        void interval_spanning_the_skipped_hour_stays_open_through_the_jump() {
            var h = sunday("01:30", "03:30");
            assertTrue(h.isOpen(utc("2026-03-29T00:30:00Z")), "01:30 CET");
            assertTrue(h.isOpen(utc("2026-03-29T01:00:00Z")), "03:00 CEST");
            assertFalse(h.isOpen(utc("2026-03-29T01:30:00Z")), "03:30 CEST");
            assertEquals(utc("2026-03-29T01:30:00Z"), h.nextChange(utc("2026-03-29T00:45:00Z")));
        }

        @Test
        void interval_starting_at_the_end_of_the_skipped_hour_opens_at_the_jump() {
            var h = sunday("03:00", "04:00");
            assertFalse(h.isOpen(utc("2026-03-29T00:59:59Z")));
            assertTrue(h.isOpen(utc("2026-03-29T01:00:00Z")));
            assertEquals(utc("2026-03-29T01:00:00Z"), h.nextChange(utc("2026-03-29T00:00:00Z")));
        }

        @Test
        void interval_starting_inside_the_skipped_hour_opens_at_the_jump() {
            var h = sunday("02:30", "05:00");
            assertEquals(utc("2026-03-29T01:00:00Z"), h.nextChange(utc("2026-03-28T23:00:00Z")));
            assertTrue(h.isOpen(utc("2026-03-29T01:00:00Z")), "03:00 CEST is past 02:30");
            assertEquals(utc("2026-03-29T03:00:00Z"), h.nextChange(utc("2026-03-29T01:00:00Z")), "05:00 CEST");
        }

        @Test
        void office_hours_shift_by_one_hour_in_utc() {
            var h = hours("Europe/Berlin", "{\"fri\":[{\"from\":\"09:00\",\"to\":\"17:30\"}],\"mon\":[{\"from\":\"09:00\",\"to\":\"17:30\"}]}");
            assertTrue(h.isOpen(utc("2026-03-27T08:00:00Z")), "Friday before: 09:00 CET");
            assertFalse(h.isOpen(utc("2026-03-27T07:59:59Z")));
            assertTrue(h.isOpen(utc("2026-03-30T07:00:00Z")), "Monday after: 09:00 CEST");
            assertFalse(h.isOpen(utc("2026-03-30T06:59:59Z")));
            assertEquals(utc("2026-03-30T07:00:00Z"), h.nextChange(utc("2026-03-27T18:00:00Z")));
        }
    }

    @Nested
    class FallBack {
        @Test
        void interval_inside_the_repeated_hour_is_open_in_both_passes() {
            var h = sunday("02:00", "02:30");
            assertTrue(h.isOpen(utc("2026-10-25T00:00:00Z")), "02:00 CEST, first pass");
            assertFalse(h.isOpen(utc("2026-10-25T00:30:00Z")), "02:30 CEST");
            assertTrue(h.isOpen(utc("2026-10-25T01:00:00Z")), "02:00 CET, second pass");
            assertFalse(h.isOpen(utc("2026-10-25T01:30:00Z")), "02:30 CET");
            assertEquals(utc("2026-10-25T00:30:00Z"), h.nextChange(utc("2026-10-25T00:10:00Z")));
            assertEquals(utc("2026-10-25T01:00:00Z"), h.nextChange(utc("2026-10-25T00:30:00Z")));
            assertEquals(utc("2026-10-25T01:30:00Z"), h.nextChange(utc("2026-10-25T01:00:00Z")));
        }

        @Test
        void interval_ending_at_the_fall_back_reopens_when_the_clock_repeats() {
            var h = sunday("02:30", "03:00");
            assertTrue(h.isOpen(utc("2026-10-25T00:40:00Z")), "02:40 CEST");
            assertFalse(h.isOpen(utc("2026-10-25T01:00:00Z")), "02:00 CET: the clock went back before 02:30");
            assertEquals(utc("2026-10-25T01:00:00Z"), h.nextChange(utc("2026-10-25T00:40:00Z")));
            assertEquals(utc("2026-10-25T01:30:00Z"), h.nextChange(utc("2026-10-25T01:00:00Z")), "02:30 CET");
            assertEquals(utc("2026-10-25T02:00:00Z"), h.nextChange(utc("2026-10-25T01:30:00Z")), "03:00 CET");
        }

        @Test
        void interval_covering_the_repeated_hour_lasts_one_hour_longer_in_utc() {
            var h = sunday("01:00", "04:00");
            assertEquals(utc("2026-10-25T03:00:00Z"), h.nextChange(utc("2026-10-24T23:00:00Z")), "04:00 CET");
            assertTrue(h.isOpen(utc("2026-10-25T02:59:59Z")));
        }

        @Test
        void office_hours_shift_back_in_utc() {
            var h = hours("Europe/Berlin", "{\"mon\":[{\"from\":\"09:00\",\"to\":\"17:30\"}]}");
            assertTrue(h.isOpen(utc("2026-10-19T07:00:00Z")), "Monday before: 09:00 CEST");
            assertFalse(h.isOpen(utc("2026-10-26T07:30:00Z")), "Monday after: 08:30 CET");
            assertTrue(h.isOpen(utc("2026-10-26T08:00:00Z")), "09:00 CET");
            assertEquals(utc("2026-10-26T08:00:00Z"), h.nextChange(utc("2026-10-24T12:00:00Z")));
            assertEquals(utc("2026-10-26T16:30:00Z"), h.nextChange(utc("2026-10-26T08:00:00Z")));
        }
    }

    @Test
    void the_answer_depends_on_the_instant_alone_not_on_where_the_visitor_is() {
        var h = hours("Europe/Berlin", "{\"mon\":[{\"from\":\"09:00\",\"to\":\"17:00\"}]}");
        // 10:00 in Berlin on a Monday is 01:00 in Los Angeles and 17:00 in Tokyo: the site is open for both.
        var instant = java.time.ZonedDateTime.of(2026, 6, 8, 10, 0, 0, 0, BERLIN).toInstant();
        var inLosAngeles = instant.atZone(ZoneId.of("America/Los_Angeles"));
        var inTokyo = instant.atZone(ZoneId.of("Asia/Tokyo"));
        assertEquals(1, inLosAngeles.getHour());
        assertTrue(h.isOpen(inLosAngeles.toInstant()));
        assertTrue(h.isOpen(inTokyo.toInstant()));
        // 10:00 Monday in Los Angeles is 19:00 in Berlin: closed, whatever the visitor's clock says.
        var laMorning = java.time.ZonedDateTime.of(2026, 6, 8, 10, 0, 0, 0, ZoneId.of("America/Los_Angeles")).toInstant();
        assertFalse(h.isOpen(laMorning));
    }

    @Test
    void midnight_spanning_intervals_join_without_a_change() {
        var h = hours("UTC", "{\"mon\":[{\"from\":\"22:00\",\"to\":\"24:00\"}],\"tue\":[{\"from\":\"00:00\",\"to\":\"02:00\"}]}");
        assertTrue(h.isOpen(utc("2026-06-08T23:59:59Z")));
        assertTrue(h.isOpen(utc("2026-06-09T00:00:00Z")));
        assertEquals(utc("2026-06-09T02:00:00Z"), h.nextChange(utc("2026-06-08T23:00:00Z")));
    }

    @Test
    void always_open_and_never_open_have_no_next_change() {
        assertTrue(BusinessHours.ALWAYS_OPEN.isOpen(Instant.now()));
        assertNull(BusinessHours.ALWAYS_OPEN.nextChange(Instant.now()));
        var never = hours("Europe/Berlin", "{}");
        assertFalse(never.isOpen(Instant.now()));
        assertNull(never.nextChange(Instant.now()));
        assertTrue(HoursJson.parse(null).isAlwaysOpen());
        assertTrue(HoursJson.parse(new JsonObject().put("alwaysOpen", true)).isAlwaysOpen());
    }

    @Test
    void json_round_trips() {
        var h = hours("America/New_York", "{\"wed\":[{\"from\":\"13:00\",\"to\":\"24:00\"},{\"from\":\"08:00\",\"to\":\"12:00\"}]}");
        var again = HoursJson.parse(h.toJson());
        assertEquals(h, again);
        assertEquals("08:00", h.toJson().getJsonObject("days").getJsonArray("wed").getJsonObject(0).getString("from"), "sorted");
    }

    @Nested
    class Validation {
        String problem(String json) {
            return assertThrows(HoursJson.InvalidHours.class, () -> HoursJson.parse(new JsonObject(json))).getMessage();
        }

        @Test
        void unknown_zone() {
            assertEquals("Unknown time zone 'Europe/Atlantis': use an IANA name such as Europe/Berlin or America/New_York.",
                    problem("{\"timeZone\":\"Europe/Atlantis\",\"days\":{}}"));
            assertTrue(problem("{\"days\":{}}").contains("timeZone is required"));
        }

        @Test
        void bad_time() {
            assertTrue(problem("{\"timeZone\":\"UTC\",\"days\":{\"mon\":[{\"from\":\"9:00\",\"to\":\"17:00\"}]}}")
                    .startsWith("hours.days.mon[0].from must be a time HH:MM"));
            assertTrue(problem("{\"timeZone\":\"UTC\",\"days\":{\"mon\":[{\"from\":\"09:00\",\"to\":\"25:00\"}]}}")
                    .contains("hours.days.mon[0].to"));
            assertTrue(problem("{\"timeZone\":\"UTC\",\"days\":{\"mon\":[{\"from\":\"24:00\",\"to\":\"24:00\"}]}}")
                    .contains("cannot be 24:00"));
        }

        @Test
        void end_before_start() {
            assertEquals("hours.days.tue[0]: 17:00–09:00 ends before it starts; an interval ends after it starts on the same day (use 24:00 for midnight).",
                    problem("{\"timeZone\":\"UTC\",\"days\":{\"tue\":[{\"from\":\"17:00\",\"to\":\"09:00\"}]}}"));
        }

        @Test
        void overlapping_intervals() {
            assertEquals("hours.days.fri: 09:00–12:30 and 12:00–17:00 overlap.",
                    problem("{\"timeZone\":\"UTC\",\"days\":{\"fri\":[{\"from\":\"12:00\",\"to\":\"17:00\"},{\"from\":\"09:00\",\"to\":\"12:30\"}]}}"));
        }

        @Test
        void unknown_day() {
            assertTrue(problem("{\"timeZone\":\"UTC\",\"days\":{\"monday\":[]}}").startsWith("Unknown day 'monday'"));
        }
    }
}
