package dev.parley.chat;

/** A conversation as loaded from the store when a hub starts; {@code visitorContact} is the visitor's pre-chat JSON. */
public record ConversationRow(String id, String visitorId, long lastSeq, long agentReadSeq, long createdAt,
                              long updatedAt, int unread, String lastText, long lastAt, String lastAuthorType,
                              String visitorContact) {
}
