package dev.parley.account;

import dev.parley.store.Database;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Sites, agents and agent sessions. Blocking JDBC: call from the DB reader pool or the CLI, never an event loop.
 * Every agent query that takes an id also takes the site id.
 */
public final class AccountStore {
    public static final long SESSION_TTL_MILLIS = 30L * 24 * 3600 * 1000;

    private final Database db;

    public AccountStore(Database db) {
        this.db = db;
    }

    public Site createSite(String name, List<String> origins) throws SQLException {
        var site = new Site(Ids.newId("s"), Ids.newSiteKey(), dev.parley.chat.Text.storable(name), true, origins, "", "#2563eb");
        try (var c = db.connection();
             var st = c.prepareStatement("INSERT INTO site (id, site_key, name, enabled, allowed_origins, greeting, color, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
            st.setString(1, site.id());
            st.setString(2, site.key());
            st.setString(3, site.name());
            st.setInt(4, 1);
            st.setString(5, new JsonArray(site.allowedOrigins()).encode());
            st.setString(6, site.greeting());
            st.setString(7, site.color());
            st.setLong(8, System.currentTimeMillis());
            st.executeUpdate();
        }
        return site;
    }

    public Optional<Site> findSiteByKey(String key) throws SQLException {
        return findSite("site_key", key);
    }

    public Optional<Site> findSiteById(String id) throws SQLException {
        return findSite("id", id);
    }

    private Optional<Site> findSite(String column, String value) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT id, site_key, name, enabled, allowed_origins, greeting, color FROM site WHERE " + column + " = ?")) {
            st.setString(1, value);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(site(rs)) : Optional.empty();
            }
        }
    }

    public void updateWidget(Site site) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("UPDATE site SET greeting = ?, color = ?, allowed_origins = ? WHERE id = ?")) {
            st.setString(1, site.greeting());
            st.setString(2, site.color());
            st.setString(3, new JsonArray(site.allowedOrigins()).encode());
            st.setString(4, site.id());
            st.executeUpdate();
        }
    }

    /** Adds an agent; returns empty when the email is already registered (emails are unique across sites). */
    public Optional<Agent> addAgent(String siteId, String email, String password, String name, String role) throws SQLException {
        var agent = new Agent(Ids.newId("a"), siteId, normalizeEmail(email), dev.parley.chat.Text.storable(name), role);
        var hash = Passwords.hash(password);
        try (var c = db.connection()) {
            if (findAgentByEmail(c, agent.email()).isPresent()) {
                return Optional.empty();
            }
            try (var st = c.prepareStatement("INSERT INTO agent (id, site_id, email, display_name, role, password_hash, created_at) VALUES (?,?,?,?,?,?,?)")) {
                st.setString(1, agent.id());
                st.setString(2, siteId);
                st.setString(3, agent.email());
                st.setString(4, agent.name());
                st.setString(5, role);
                st.setString(6, hash);
                st.setLong(7, System.currentTimeMillis());
                st.executeUpdate();
            } catch (SQLException e) {
                if (findAgentByEmail(c, agent.email()).isPresent()) {
                    return Optional.empty(); // lost a race with another insert of the same email
                }
                throw e;
            }
        }
        return Optional.of(agent);
    }

    public List<Agent> agentsOf(String siteId) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT id, site_id, email, display_name, role FROM agent WHERE site_id = ? ORDER BY created_at")) {
            st.setString(1, siteId);
            try (var rs = st.executeQuery()) {
                var list = new ArrayList<Agent>();
                while (rs.next()) {
                    list.add(agent(rs));
                }
                return list;
            }
        }
    }

    /** The stored credentials of an agent, for the login check. */
    public record Credentials(Agent agent, String passwordHash, int failedLogins, long lockedUntil) {
    }

    public Optional<Credentials> credentials(String email) throws SQLException {
        if (!isEmail(email)) {
            return Optional.empty(); // nothing such is stored; and PostgreSQL rejects some bytes (NUL) outright
        }
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT id, site_id, email, display_name, role, password_hash, failed_logins, locked_until FROM agent WHERE email = ?")) {
            st.setString(1, normalizeEmail(email));
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Credentials(agent(rs), rs.getString(6), rs.getInt(7), rs.getLong(8)));
            }
        }
    }

    /**
     * Counts a failed login in one statement, so concurrent guesses cannot all read the same count; the
     * {@code maxFailures}-th failure locks the account until {@code lockUntil}.
     */
    public void recordFailedLogin(Agent agent, int maxFailures, long lockUntil) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("UPDATE agent SET "
                     + "locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END, "
                     + "failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END "
                     + "WHERE site_id = ? AND id = ?")) {
            st.setInt(1, maxFailures);
            st.setLong(2, lockUntil);
            st.setInt(3, maxFailures);
            st.setString(4, agent.siteId());
            st.setString(5, agent.id());
            st.executeUpdate();
        }
    }

    public void recordLoginResult(Agent agent, int failedLogins, long lockedUntil) throws SQLException {
        try (var c = db.connection();
             var st = c.prepareStatement("UPDATE agent SET failed_logins = ?, locked_until = ? WHERE site_id = ? AND id = ?")) {
            st.setInt(1, failedLogins);
            st.setLong(2, lockedUntil);
            st.setString(3, agent.siteId());
            st.setString(4, agent.id());
            st.executeUpdate();
        }
    }

    /** Creates a session and returns its bearer token; only a hash of the token is stored. */
    public String createSession(Agent agent) throws SQLException {
        var token = Ids.randomToken(32);
        long now = System.currentTimeMillis();
        try (var c = db.connection();
             var st = c.prepareStatement("INSERT INTO agent_session (token_hash, site_id, agent_id, created_at, expires_at) VALUES (?,?,?,?,?)")) {
            st.setString(1, hashToken(token));
            st.setString(2, agent.siteId());
            st.setString(3, agent.id());
            st.setLong(4, now);
            st.setLong(5, now + SESSION_TTL_MILLIS);
            st.executeUpdate();
        }
        return token;
    }

    public Optional<Agent> agentForSession(String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        try (var c = db.connection();
             var st = c.prepareStatement("SELECT a.id, a.site_id, a.email, a.display_name, a.role FROM agent_session s "
                     + "JOIN agent a ON a.site_id = s.site_id AND a.id = s.agent_id WHERE s.token_hash = ? AND s.expires_at > ?")) {
            st.setString(1, hashToken(token));
            st.setLong(2, System.currentTimeMillis());
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(agent(rs)) : Optional.empty();
            }
        }
    }

    public void deleteSession(String token) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("DELETE FROM agent_session WHERE token_hash = ?")) {
            st.setString(1, hashToken(token));
            st.executeUpdate();
        }
    }

    public Optional<String> nodeSetting(String name) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("SELECT value FROM node_setting WHERE name = ?")) {
            st.setString(1, name);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Stores the value unless one exists, and returns the one that is stored (first writer wins across nodes). */
    public String nodeSettingOrInsert(String name, String value) throws SQLException {
        var existing = nodeSetting(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (var c = db.connection(); var st = c.prepareStatement("INSERT INTO node_setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
            st.setString(1, name);
            st.setString(2, value);
            st.executeUpdate();
        }
        return nodeSetting(name).orElseThrow();
    }

    private static Optional<Agent> findAgentByEmail(Connection c, String email) throws SQLException {
        try (var st = c.prepareStatement("SELECT id, site_id, email, display_name, role FROM agent WHERE email = ?")) {
            st.setString(1, email);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(agent(rs)) : Optional.empty();
            }
        }
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("^[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s.\\p{Cntrl}]+$");

    /** A plausible address: something@domain.tld, at most 254 characters. */
    public static boolean isEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email.trim()).matches();
    }

    public static String normalizeEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static Site site(ResultSet rs) throws SQLException {
        var origins = new ArrayList<String>();
        new JsonArray(rs.getString(5)).forEach(o -> origins.add(String.valueOf(o)));
        return new Site(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1, origins,
                rs.getString(6), rs.getString(7));
    }

    private static Agent agent(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    public static String hashToken(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
