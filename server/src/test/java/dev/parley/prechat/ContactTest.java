package dev.parley.prechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ContactTest {
    static final PrechatForm FORM = PrechatForm.fromJson(new JsonObject().put("enabled", true)
            .put("fields", new JsonObject().put("name", "required").put("email", "optional").put("phone", "optional")));

    static String refusedField(JsonObject answers) {
        return assertThrows(Contact.InvalidAnswers.class, () -> Contact.validate(FORM, answers)).field();
    }

    @Test
    void answers_are_trimmed_checked_and_fields_not_asked_are_dropped() {
        var contact = Contact.validate(FORM, new JsonObject().put("name", "  Ann ").put("email", "ann@example.com").put("custom", "ignored"));
        assertEquals(new Contact("Ann", "ann@example.com", "", ""), contact);
        assertEquals("name", refusedField(new JsonObject().put("name", "   ")));
        assertEquals("name", refusedField(new JsonObject().put("name", 42)));
        assertEquals("name", refusedField(new JsonObject().put("name", "x".repeat(101))));
        assertEquals("email", refusedField(new JsonObject().put("name", "A").put("email", "a@b")));
        assertEquals("phone", refusedField(new JsonObject().put("name", "A").put("phone", "12")));
        assertEquals("phone", refusedField(new JsonObject().put("name", "A").put("phone", "12a45")));
        assertEquals("12345", Contact.validate(FORM, new JsonObject().put("name", "A").put("phone", "123\n45")).phone(),
                "one-line fields lose line breaks");
        assertEquals("name", refusedField(new JsonObject().put("name", "\u200b\u0000")));
        assertEquals("name", refusedField(new JsonObject().put("name", "\u3164\u2800 \u115F")), "blank-looking letters are no name");
    }

    @Test
    void form_settings_round_trip_and_stored_garbage_means_off() {
        assertEquals(FORM, PrechatForm.fromStored(FORM.toJson().encode()));
        assertEquals(PrechatForm.OFF, PrechatForm.fromStored("{"));
        assertEquals(false, PrechatForm.OFF.isShown());
        assertEquals(true, FORM.requiresAnswers());
    }
}
