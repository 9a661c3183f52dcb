package dev.parley.account;

/** A person who answers chats on one site. {@code owner}s may also change the site's settings. */
public record Agent(String id, String siteId, String email, String name, String role) {

    public static final String OWNER = "owner";
    public static final String AGENT = "agent";

    public boolean isOwner() {
        return OWNER.equals(role);
    }
}
