package dev.parley.prechat;

import dev.parley.account.AccountStore;
import dev.parley.chat.Text;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** What a visitor told us about themselves in the pre-chat form; empty strings for what they left out. */
public record Contact(String name, String email, String phone, String custom) {
    public static final Contact NONE = new Contact("", "", "", "");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./-]{3,32}$");

    public boolean isEmpty() {
        return name.isEmpty() && email.isEmpty() && phone.isEmpty() && custom.isEmpty();
    }

    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("email", email).put("phone", phone).put("custom", custom);
    }

    public static Contact fromStored(String stored) {
        if (stored == null || stored.isBlank()) {
            return NONE;
        }
        try {
            var json = new JsonObject(stored);
            return new Contact(json.getString("name", ""), json.getString("email", ""), json.getString("phone", ""),
                    json.getString("custom", ""));
        } catch (RuntimeException e) {
            return NONE;
        }
    }

    /**
     * Checks a visitor's answers against the site's form. Returns the contact, or throws {@link InvalidAnswers}
     * naming the first wrong field; fields the form does not ask are ignored.
     */
    public static Contact validate(PrechatForm form, JsonObject answers) {
        var name = answer(form, answers, "name", 100);
        var email = answer(form, answers, "email", 254);
        if (!email.isEmpty() && !AccountStore.isEmail(email)) {
            throw new InvalidAnswers("email", "Please enter a valid email address.");
        }
        var phone = answer(form, answers, "phone", 32);
        if (!phone.isEmpty() && (!PHONE.matcher(phone).matches() || phone.chars().filter(Character::isDigit).count() < 3)) {
            throw new InvalidAnswers("phone", "Please enter a phone number (digits, spaces, + - ( ) only).");
        }
        var custom = answer(form, answers, "custom", 500);
        return new Contact(name, email, phone, custom);
    }

    private static String answer(PrechatForm form, JsonObject answers, String field, int max) {
        var mode = form.mode(field);
        if (mode == PrechatForm.Mode.OFF) {
            return "";
        }
        var value = answers == null ? null : answers.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new InvalidAnswers(field, "This field must be text.");
        }
        // Single-line fields (name, email, phone) lose line breaks and invisible characters; the custom answer keeps lines.
        var raw = value == null ? "" : (String) value;
        var text = field.equals("custom") ? Text.multiLine(raw) : Text.singleLine(raw);
        if (!text.isEmpty() && !Text.hasVisibleText(text)) {
            text = "";
        }
        if (text.length() > max) {
            throw new InvalidAnswers(field, "At most " + max + " characters.");
        }
        if (text.isEmpty() && mode == PrechatForm.Mode.REQUIRED) {
            throw new InvalidAnswers(field, "This field is required.");
        }
        return text;
    }

    /** A wrong answer: {@code field} says which, the message says why (shown next to the field). */
    public static final class InvalidAnswers extends RuntimeException {
        private final String field;

        public InvalidAnswers(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
