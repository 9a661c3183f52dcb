package dev.parley.cli;

import dev.parley.account.AccountStore;
import dev.parley.account.Agent;
import dev.parley.account.Passwords;
import dev.parley.store.Database;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Tenant administration against the same database a node uses (safe while a node runs). */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Create sites and agents.",
        subcommands = {AdminCommand.CreateSite.class, AdminCommand.AddAgent.class})
final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create-site or add-agent");
    }


    @Command(name = "create-site", mixinStandardHelpOptions = true, description = "Create a site and its owner; prints {\"siteKey\",\"siteId\"}.")
    static final class CreateSite implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StorageOptions storage;
        @Option(names = "--name", required = true, description = "Site name.")
        String name;
        @Option(names = "--owner-email", required = true, description = "Owner's sign-in email.")
        String ownerEmail;
        @Option(names = "--owner-password", required = true, description = "Owner's password (8..256 characters).")
        String ownerPassword;
        @Option(names = "--owner-name", description = "Owner's display name, shown to visitors (default: part of the email before @).")
        String ownerName;
        @Option(names = "--origin", description = "An origin allowed to embed the site, e.g. https://shop.example (repeatable; none = any).")
        List<String> origins = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            validate(spec, name, ownerEmail, ownerPassword);
            var normalized = new ArrayList<String>();
            for (var origin : origins) {
                var n = dev.parley.http.Origins.normalize(origin);
                if (n == null) {
                    throw new ParameterException(spec.commandLine(), "--origin '" + origin + "' is not an origin; use the form https://example.com");
                }
                normalized.add(n);
            }
            try (var db = Database.open(storage.effectiveDbUrl())) {
                var accounts = new AccountStore(db);
                if (accounts.credentials(ownerEmail).isPresent()) {
                    System.err.println("parley: " + ownerEmail + " is already registered");
                    return 1;
                }
                var site = accounts.createSite(name.trim(), normalized);
                var display = ownerName != null && !ownerName.isBlank() ? ownerName.trim() : ownerEmail.substring(0, ownerEmail.indexOf('@'));
                if (accounts.addAgent(site.id(), ownerEmail, ownerPassword, display, Agent.OWNER).isEmpty()) {
                    System.err.println("parley: " + ownerEmail + " is already registered");
                    return 1;
                }
                System.out.println(new JsonObject().put("siteKey", site.key()).put("siteId", site.id()).encode());
                return 0;
            }
        }
    }

    @Command(name = "add-agent", mixinStandardHelpOptions = true, description = "Add an agent to a site; prints {\"agentId\",\"siteKey\"}.")
    static final class AddAgent implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StorageOptions storage;
        @Option(names = "--site", required = true, description = "Site key.")
        String siteKey;
        @Option(names = "--email", required = true)
        String email;
        @Option(names = "--password", required = true, description = "8..256 characters.")
        String password;
        @Option(names = "--name", description = "Display name (default: part of the email before @).")
        String name;

        @Override
        public Integer call() throws Exception {
            validate(spec, "x", email, password);
            try (var db = Database.open(storage.effectiveDbUrl())) {
                var accounts = new AccountStore(db);
                var site = accounts.findSiteByKey(siteKey);
                if (site.isEmpty()) {
                    System.err.println("parley: no site has the key '" + siteKey + "'");
                    return 1;
                }
                var display = name != null && !name.isBlank() ? name.trim() : email.substring(0, email.indexOf('@'));
                var agent = accounts.addAgent(site.get().id(), email, password, display, Agent.AGENT);
                if (agent.isEmpty()) {
                    System.err.println("parley: " + email + " is already registered");
                    return 1;
                }
                System.out.println(new JsonObject().put("agentId", agent.get().id()).put("siteKey", siteKey).encode());
                return 0;
            }
        }
    }

    static void validate(CommandSpec spec, String name, String email, String password) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ParameterException(spec.commandLine(), "--name must be 1..200 characters");
        }
        if (!AccountStore.isEmail(email)) {
            throw new ParameterException(spec.commandLine(), "'" + email + "' is not an email address");
        }
        var problem = Passwords.problemWith(password);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }
}
