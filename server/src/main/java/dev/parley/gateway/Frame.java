package dev.parley.gateway;

import dev.parley.chat.Text;
import dev.parley.tracking.PageView;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Frames a client may send, decoded and validated at the boundary. Names are the protocol's {@code type}
 * strings (see docs/protocol.md); a {@code switch} over this sealed interface is checked by the compiler.
 */
public sealed interface Frame {

    String SESSION_HELLO = "session.hello";
    String PING = "ping";
    String MESSAGE_SEND = "message.send";
    String CONVERSATION_RESUME = "conversation.resume";
    String CONVERSATION_READ = "conversation.read";
    String TYPING_SET = "typing.set";
    String PAGE_VIEWED = "page.viewed";
    String PRESENCE_SET = "presence.set";
    String INVITATION_SEND = "invitation.send";
    String INVITATION_ACCEPT = "invitation.accept";
    String INVITATION_DECLINE = "invitation.decline";
    String VISITOR_IDENTIFY = "visitor.identify";
    int MAX_INVITATION_TEXT = 1000;
    String VISITOR_GET = "visitor.get";
    /** The largest integer every JSON client (JavaScript included) represents exactly. */
    double MAX_SAFE_INTEGER = 9_007_199_254_740_991d;

    /** {@code language} is the visitor browser's {@code navigator.language} (a BCP 47 tag) or null. */
    record Hello(String role, String site, String token, String hostOrigin, PageView page, String language) implements Frame {
    }

    record Ping() implements Frame {
    }

    record MessageSend(String clientId, String conversationId, String text) implements Frame {
    }

    record ConversationResume(String conversationId, long afterSeq) implements Frame {
    }

    record ConversationRead(String conversationId, long seq) implements Frame {
    }

    record TypingSet(String conversationId, boolean typing) implements Frame {
    }

    record PageViewed(PageView page) implements Frame {
    }

    record PresenceSet(String status) implements Frame {
    }

    /** Agent: invite one online visitor ({@code visitorId}) or every online visitor not chatting ({@code all}). */
    record InvitationSend(String visitorId, boolean all, String text) implements Frame {
    }

    /** Visitor: the answer to an invitation. */
    record InvitationAnswer(String invitationId, boolean accepted) implements Frame {
    }

    /** Visitor: the pre-chat form's answers, checked by the hub against the site's form. */
    record VisitorIdentify(JsonObject answers) implements Frame {
    }

    /** An agent asks for one visitor's detail: pages this visit and past conversations. */
    record VisitorGet(String visitorId) implements Frame {
    }

    /** Decodes one text frame. Throws {@link FrameException} saying what is wrong. */
    static Frame decode(String text, int maxTextLength) {
        JsonObject json;
        try {
            var value = io.vertx.core.json.Json.decodeValue(text);
            if (!(value instanceof JsonObject obj)) {
                throw new FrameException("bad_frame", "A frame must be a JSON object.");
            }
            json = obj;
        } catch (DecodeException e) {
            throw new FrameException("bad_frame", "Frame is not valid JSON.");
        }
        var type = json.getValue("type");
        if (!(type instanceof String t)) {
            throw new FrameException("bad_frame", "Frame has no string field 'type'.");
        }
        long now = System.currentTimeMillis();
        return switch (t) {
            case SESSION_HELLO -> new Hello(requiredString(json, "role", 16), optionalString(json, "site", 64),
                    optionalString(json, "token", 512), optionalString(json, "hostOrigin", 512),
                    PageView.from(json.getValue("page") instanceof JsonObject p ? p : null, now), language(json));
            case PING -> new Ping();
            case MESSAGE_SEND -> {
                var clientId = clientId(json);
                yield new MessageSend(clientId, optionalString(json, "conversationId", 64), messageText(json, clientId, maxTextLength));
            }
            case CONVERSATION_RESUME -> new ConversationResume(requiredString(json, "conversationId", 64), nonNegativeLong(json, "afterSeq"));
            case CONVERSATION_READ -> new ConversationRead(requiredString(json, "conversationId", 64), nonNegativeLong(json, "seq"));
            case TYPING_SET -> new TypingSet(optionalString(json, "conversationId", 64), Boolean.TRUE.equals(json.getValue("typing")));
            case PAGE_VIEWED -> new PageViewed(PageView.from(json, now));
            case PRESENCE_SET -> {
                var status = requiredString(json, "status", 16);
                if (!status.equals("online") && !status.equals("away")) {
                    throw new FrameException("bad_frame", "status must be 'online' or 'away'.");
                }
                yield new PresenceSet(status);
            }
            case INVITATION_SEND -> invitationSend(json, maxTextLength);
            case INVITATION_ACCEPT -> new InvitationAnswer(requiredString(json, "id", 64), true);
            case INVITATION_DECLINE -> new InvitationAnswer(requiredString(json, "id", 64), false);
            case VISITOR_IDENTIFY -> {
                if (!(json.getValue("answers") instanceof JsonObject answers)) {
                    throw new FrameException("bad_frame", "Field 'answers' must be an object such as {\"name\":\"Ann\"}.");
                }
                yield new VisitorIdentify(answers);
            }
            case VISITOR_GET -> new VisitorGet(requiredString(json, "visitorId", 64));
            default -> throw new FrameException("unknown_type", "Unknown frame type '" + clip(t) + "'.");
        };
    }

    private static Frame invitationSend(JsonObject json, int maxTextLength) {
        var visitorId = optionalString(json, "visitorId", 64);
        boolean all = Boolean.TRUE.equals(json.getValue("all"));
        if ((visitorId == null) == !all) {
            throw new FrameException("bad_frame", "Give either 'visitorId' or \"all\": true.");
        }
        // Errors about the text name what was being sent (the visitor, or "all"), so the console shows them in its form.
        String ref = all ? Frames.INVITE_ALL_REF : visitorId;
        var value = json.getValue("text");
        if (!(value instanceof String text) || !Text.hasVisibleText(text)) {
            throw new FrameException("bad_frame", "Invitation text must be a string with something to read.", ref);
        }
        int limit = Math.min(maxTextLength, MAX_INVITATION_TEXT);
        if (text.length() > limit) {
            throw new FrameException("too_long", "Invitation text is " + text.length() + " characters; the limit is " + limit + ".", ref);
        }
        return new InvitationSend(visitorId, all, Text.storable(text.strip()));
    }

    /** Printable ASCII only: it is stored, compared and echoed, so it must be the same bytes in every database. */
    private static String clientId(JsonObject json) {
        var id = requiredString(json, "clientId", 64);
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (ch < 0x21 || ch > 0x7E) {
                throw new FrameException("bad_frame", "clientId must be 1..64 printable ASCII characters (a UUID is ideal).");
            }
        }
        return id;
    }

    private static String messageText(JsonObject json, String clientId, int maxTextLength) {
        var value = json.getValue("text");
        if (!(value instanceof String text) || text.isBlank()) {
            throw new FrameException("bad_frame", "Message text must be a non-empty string.", clientId);
        }
        if (text.length() > maxTextLength) {
            throw new FrameException("too_long", "Message text is " + text.length()
                    + " characters; the limit is " + maxTextLength + ".", clientId);
        }
        return Text.storable(text);
    }

    private static String language(JsonObject json) {
        var language = optionalString(json, "language", 35);
        if (language != null && !dev.parley.tracking.Languages.isTag(language)) {
            throw new FrameException("bad_frame", "Field 'language' must be a language tag such as 'en-US'.");
        }
        return language;
    }

    private static String requiredString(JsonObject json, String field, int maxLength) {
        var value = optionalString(json, field, maxLength);
        if (value == null || value.isEmpty()) {
            throw new FrameException("bad_frame", "Field '" + field + "' is required.");
        }
        return value;
    }

    private static String optionalString(JsonObject json, String field, int maxLength) {
        var value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new FrameException("bad_frame", "Field '" + field + "' must be a string.");
        }
        if (s.length() > maxLength) {
            throw new FrameException("bad_frame", "Field '" + field + "' is longer than " + maxLength + " characters.");
        }
        return s;
    }

    private static long nonNegativeLong(JsonObject json, String field) {
        var value = json.getValue(field);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())
                || n.doubleValue() > MAX_SAFE_INTEGER) {
            throw new FrameException("bad_frame", "Field '" + field + "' must be an integer from 0 to 2^53 - 1.");
        }
        return n.longValue();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
