package dev.parley.testing;

import dev.parley.account.Agent;
import dev.parley.account.Site;

/** A site made for one test, with its owner and the owner's session token. */
public record TestSite(Site site, Agent owner, String ownerEmail, String ownerPassword, String ownerToken) {
    public String key() {
        return site.key();
    }

    public String id() {
        return site.id();
    }
}
