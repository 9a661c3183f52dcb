package dev.parley.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame decoder is the protocol's boundary: it turns text into typed frames or says exactly what is wrong. */
class FrameTest {
    private static final int MAX = 4000;

    private static FrameException refused(String text) {
        return assertThrows(FrameException.class, () -> Frame.decode(text, MAX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"type\":\"ping\"", "", "{'type':'ping'}"})
    void text_that_is_not_json_is_bad_frame(String text) {
        assertEquals("bad_frame", refused(text).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "null", "true"})
    void json_that_is_not_an_object_is_bad_frame(String text) {
        var e = refused(text);
        assertEquals("bad_frame", e.code());
        assertTrue(e.getMessage().contains("object"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"type\":7}", "{\"type\":null}", "{\"type\":{\"a\":1}}"})
    void object_without_a_string_type_is_bad_frame(String text) {
        var e = refused(text);
        assertEquals("bad_frame", e.code());
        assertTrue(e.getMessage().contains("type"), e.getMessage());
    }

    @Test
    void unknown_type_is_unknown_type_and_names_it() {
        var e = refused("{\"type\":\"message.delete\"}");
        assertEquals("unknown_type", e.code());
        assertTrue(e.getMessage().contains("message.delete"), e.getMessage());
    }

    @Test
    void a_long_unknown_type_is_clipped_in_the_message() {
        var e = refused("{\"type\":\"" + "x".repeat(10_000) + "\"}");
        assertEquals("unknown_type", e.code());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void message_send_decodes_client_id_conversation_and_text() {
        var frame = assertInstanceOf(Frame.MessageSend.class,
                Frame.decode("{\"type\":\"message.send\",\"clientId\":\"k1\",\"conversationId\":\"c_1\",\"text\":\"hi\",\"extra\":[1]}", MAX));
        assertEquals(new Frame.MessageSend("k1", "c_1", "hi"), frame);
    }

    @Test
    void message_send_without_conversation_id_has_null_conversation() {
        var frame = (Frame.MessageSend) Frame.decode("{\"type\":\"message.send\",\"clientId\":\"k1\",\"text\":\"hi\"}", MAX);
        assertNull(frame.conversationId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"message.send\",\"text\":\"hi\"}",
        "{\"type\":\"message.send\",\"clientId\":\"\",\"text\":\"hi\"}",
        "{\"type\":\"message.send\",\"clientId\":5,\"text\":\"hi\"}",
        "{\"type\":\"message.send\",\"clientId\":\"k\",\"conversationId\":5,\"text\":\"hi\"}"})
    void message_send_with_a_missing_or_mistyped_id_is_bad_frame(String text) {
        assertEquals("bad_frame", refused(text).code());
    }

    @Test
    void client_id_longer_than_64_characters_is_bad_frame() {
        var e = refused("{\"type\":\"message.send\",\"clientId\":\"" + "k".repeat(65) + "\",\"text\":\"hi\"}");
        assertEquals("bad_frame", e.code());
        assertTrue(e.getMessage().contains("clientId"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \\n\\t \"", "null", "42", "[\"hi\"]"})
    void blank_or_non_string_text_is_bad_frame_referring_to_the_client_id(String text) {
        var e = refused("{\"type\":\"message.send\",\"clientId\":\"k9\",\"text\":" + text + "}");
        assertEquals("bad_frame", e.code());
        assertEquals("k9", e.ref());
    }

    @Test
    void text_over_the_limit_is_too_long_naming_length_and_limit_and_referring_to_the_client_id() {
        var e = assertThrows(FrameException.class, () -> Frame.decode(
                "{\"type\":\"message.send\",\"clientId\":\"k2\",\"text\":\"" + "a".repeat(51) + "\"}", 50));
        assertEquals("too_long", e.code());
        assertEquals("k2", e.ref());
        assertTrue(e.getMessage().contains("51") && e.getMessage().contains("50"), e.getMessage());
    }

    @Test
    void text_of_exactly_the_limit_is_accepted() {
        var frame = (Frame.MessageSend) Frame.decode(
                "{\"type\":\"message.send\",\"clientId\":\"k2\",\"text\":\"" + "a".repeat(MAX) + "\"}", MAX);
        assertEquals(MAX, frame.text().length());
    }

    @Test
    void text_is_made_storable_at_the_boundary() {
        var frame = (Frame.MessageSend) Frame.decode(
                "{\"type\":\"message.send\",\"clientId\":\"k\",\"text\":\"a\\u0000b\\ud800c\"}", MAX);
        assertEquals("a\uFFFDb\uFFFDc", frame.text());
    }

    @Test
    void hello_decodes_role_site_token_host_origin_and_page() {
        var frame = assertInstanceOf(Frame.Hello.class, Frame.decode("{\"type\":\"session.hello\",\"role\":\"visitor\","
                + "\"site\":\"key1\",\"token\":\"t\",\"hostOrigin\":\"https://shop.example\","
                + "\"page\":{\"url\":\"https://shop.example/a\",\"title\":\"A\",\"referrer\":\"https://search.example\"}}", MAX));
        assertEquals("visitor", frame.role());
        assertEquals("key1", frame.site());
        assertEquals("t", frame.token());
        assertEquals("https://shop.example", frame.hostOrigin());
        assertEquals("https://shop.example/a", frame.page().url());
        assertEquals("A", frame.page().title());
        assertEquals("https://search.example", frame.page().referrer());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"session.hello\"}",
        "{\"type\":\"session.hello\",\"role\":\"visitor\",\"token\":7}",
        "{\"type\":\"session.hello\",\"role\":\"visitor\",\"site\":[]}"})
    void hello_without_role_or_with_mistyped_fields_is_bad_frame(String text) {
        assertEquals("bad_frame", refused(text).code());
    }

    @Test
    void resume_after_seq_defaults_to_zero() {
        assertEquals(new Frame.ConversationResume("c_1", 0),
                Frame.decode("{\"type\":\"conversation.resume\",\"conversationId\":\"c_1\"}", MAX));
        assertEquals(new Frame.ConversationResume("c_1", 12),
                Frame.decode("{\"type\":\"conversation.resume\",\"conversationId\":\"c_1\",\"afterSeq\":12}", MAX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"3\"", "true"})
    void resume_after_seq_must_be_a_non_negative_integer(String afterSeq) {
        var e = refused("{\"type\":\"conversation.resume\",\"conversationId\":\"c_1\",\"afterSeq\":" + afterSeq + "}");
        assertEquals("bad_frame", e.code());
        assertTrue(e.getMessage().contains("afterSeq"), e.getMessage());
    }

    @Test
    void resume_without_conversation_is_bad_frame() {
        assertEquals("bad_frame", refused("{\"type\":\"conversation.resume\",\"afterSeq\":1}").code());
    }

    @Test
    void read_typing_page_and_presence_frames_decode() {
        assertEquals(new Frame.ConversationRead("c_1", 15),
                Frame.decode("{\"type\":\"conversation.read\",\"conversationId\":\"c_1\",\"seq\":15}", MAX));
        assertEquals(new Frame.TypingSet("c_1", true),
                Frame.decode("{\"type\":\"typing.set\",\"conversationId\":\"c_1\",\"typing\":true}", MAX));
        assertEquals(new Frame.TypingSet(null, false), Frame.decode("{\"type\":\"typing.set\",\"typing\":\"yes\"}", MAX));
        var viewed = assertInstanceOf(Frame.PageViewed.class,
                Frame.decode("{\"type\":\"page.viewed\",\"url\":\"https://s.example/b\",\"title\":\"B\"}", MAX));
        assertEquals("https://s.example/b", viewed.page().url());
        assertEquals("", viewed.page().referrer());
        assertEquals(new Frame.PresenceSet("away"), Frame.decode("{\"type\":\"presence.set\",\"status\":\"away\"}", MAX));
        assertInstanceOf(Frame.Ping.class, Frame.decode("{\"type\":\"ping\"}", MAX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"presence.set\",\"status\":\"busy\"}", "{\"type\":\"presence.set\"}"})
    void presence_other_than_online_or_away_is_bad_frame(String text) {
        assertEquals("bad_frame", refused(text).code());
    }

    @Test
    void page_fields_are_clipped_to_sane_lengths() {
        var viewed = (Frame.PageViewed) Frame.decode("{\"type\":\"page.viewed\",\"url\":\"https://s.example/" + "p".repeat(5000)
                + "\",\"title\":\"" + "t".repeat(1000) + "\"}", MAX);
        assertEquals(2048, viewed.page().url().length());
        assertEquals(300, viewed.page().title().length());
    }
}
