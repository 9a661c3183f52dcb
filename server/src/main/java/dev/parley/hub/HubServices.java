package dev.parley.hub;

import dev.parley.account.SiteConfigStore;
import dev.parley.account.VisitorTokens;
import dev.parley.invite.InviteStore;
import dev.parley.prechat.ContactStore;
import dev.parley.chat.ChatStore;
import dev.parley.config.Settings;
import dev.parley.store.BatchingWriter;
import dev.parley.tracking.Tracking;
import dev.parley.tracking.TrackingStore;

/** What every hub shares: the node's settings, stores, writer and tracking services. */
public record HubServices(Settings settings, ChatStore chats, BatchingWriter writer, VisitorTokens visitorTokens,
                          TrackingStore visits, Tracking tracking, SiteConfigStore siteConfig, InviteStore invites,
                          ContactStore contacts, dev.parley.offline.OfflineStore offline) {
}
