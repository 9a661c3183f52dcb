package dev.parley.cli;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import dev.parley.account.Ids;
import dev.parley.store.Database;
import java.util.List;

/** The demo site and agent, created once and remembered in node settings so every start prints the same. */
final class Demo {
    static final String EMAIL = "demo@parley.local";

    record Credentials(String siteKey, String email, String password) {
    }

    private Demo() {
    }

    static Credentials ensure(String dbUrl) throws Exception {
        try (var db = Database.open(dbUrl)) {
            var accounts = new AccountStore(db);
            var key = accounts.nodeSetting("demo_site_key");
            var password = accounts.nodeSetting("demo_password");
            if (key.isPresent() && password.isPresent()) {
                return new Credentials(key.get(), EMAIL, password.get());
            }
            var site = accounts.createSite("Acme Bikes (demo)", List.of());
            var pass = Ids.randomToken(9);
            accounts.addAgent(site.id(), EMAIL, pass, "Demo Agent", Agent.OWNER)
                    .orElseThrow(() -> new IllegalStateException(EMAIL + " already exists; remove it or use another data directory"));
            var s = site.withWidget("Hi! Questions about our bikes? We're here to help.", site.color(), List.of());
            accounts.updateWidget(s);
            accounts.nodeSettingOrInsert("demo_password", pass);
            accounts.nodeSettingOrInsert("demo_site_key", site.key());
            return new Credentials(site.key(), EMAIL, pass);
        }
    }
}
