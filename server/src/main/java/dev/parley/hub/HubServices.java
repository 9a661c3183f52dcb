package dev.parley.hub;

import dev.parley.account.SiteConfigStore;
import dev.parley.account.VisitorTokens;
import dev.parley.invite.InviteStore;
import dev.parley.prechat.ContactStore;
import dev.parley.chat.ChatStore;
import dev.parley.config.Settings;
import dev.parley.store.BatchingWriter;

/** What every hub shares: the node's settings, stores and writer. */
public record HubServices(Settings settings, ChatStore chats, BatchingWriter writer, VisitorTokens visitorTokens,
                          SiteConfigStore siteConfig, InviteStore invites, ContactStore contacts) {
}
