package dev.parley.offline;

import dev.parley.chat.Text;
import dev.parley.mail.MailText;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a visitor submits in the leave-a-message form, validated field by field. Every problem is reported at once,
 * keyed by field, so the form can show each next to its input.
 */
public record LeaveInput(String clientId, String name, String email, String phone, String text) {
    public static final int MAX_NAME = 100;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_PHONE = 32;
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./-]+$");
    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9_-]{8,64}$");

    /** Field-level problems; the message is a summary. */
    public static final class Invalid extends RuntimeException {
        public final Map<String, String> fields;

        Invalid(Map<String, String> fields) {
            super(String.join(" ", fields.values()), null, false, false);
            this.fields = Map.copyOf(fields);
        }
    }

    public static LeaveInput parse(JsonObject body, int maxText) {
        var problems = new LinkedHashMap<String, String>();
        var clientId = string(body, "clientId");
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            problems.put("clientId", "clientId must be 8 to 64 letters, digits, '-' or '_' (a new random id per message).");
        }
        var name = oneLine(string(body, "name"));
        if (name == null || name.isBlank()) {
            problems.put("name", "Please enter your name.");
        } else if (name.length() > MAX_NAME) {
            problems.put("name", "Your name can be at most " + MAX_NAME + " characters.");
        }
        var email = trimmed(string(body, "email"));
        if (email != null && (email.length() > MAX_EMAIL || !MailText.isAddress(email))) {
            problems.put("email", "That is not an email address; use the form name@example.com.");
        }
        var phone = trimmed(string(body, "phone"));
        if (phone != null) {
            long digits = phone.chars().filter(Character::isDigit).count();
            if (phone.length() > MAX_PHONE) {
                problems.put("phone", "A phone number can be at most " + MAX_PHONE + " characters.");
            } else if (!PHONE.matcher(phone).matches() || digits < 5) {
                problems.put("phone", "A phone number has at least 5 digits and only digits, spaces and + ( ) - . /");
            }
        }
        if (email == null && phone == null) {
            problems.put("contact", "Please give an email address or a phone number so we can answer you.");
        }
        var text = string(body, "text");
        if (text == null || text.isBlank()) {
            problems.put("text", "Please write your message.");
        } else if (text.length() > maxText) {
            problems.put("text", "Your message is " + text.length() + " characters; the limit is " + maxText + ".");
        }
        for (var field : new String[] {"clientId", "name", "email", "phone", "text"}) {
            var value = body.getValue(field);
            if (value != null && !(value instanceof String)) {
                problems.put(field, field + " must be a string.");
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new LeaveInput(clientId, Text.storable(name.strip()), email == null ? "" : email,
                phone == null ? "" : phone, Text.storable(text.strip()));
    }

    private static String string(JsonObject body, String field) {
        return body.getValue(field) instanceof String s ? s : null;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A name is one line: line breaks and other control characters become spaces. */
    private static String oneLine(String s) {
        return s == null ? null : MailText.header(s, Integer.MAX_VALUE);
    }
}
