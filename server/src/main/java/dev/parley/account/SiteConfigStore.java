package dev.parley.account;

import dev.parley.store.Database;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Per-site feature settings kept as validated JSON documents by name (e.g. "invite_rules", "prechat"). */
public final class SiteConfigStore {
    public static final String INVITE_RULES = "invite_rules";
    public static final String PRECHAT = "prechat";

    private final Database db;

    public SiteConfigStore(Database db) {
        this.db = db;
    }

    /** Every stored document of the site, by name. */
    public Map<String, String> all(String siteId) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("SELECT name, value FROM site_config WHERE site_id = ?")) {
            st.setString(1, siteId);
            try (var rs = st.executeQuery()) {
                var map = new HashMap<String, String>();
                while (rs.next()) {
                    map.put(rs.getString(1), rs.getString(2));
                }
                return map;
            }
        }
    }

    public String get(String siteId, String name) throws SQLException {
        return all(siteId).get(name);
    }

    public void put(String siteId, String name, String value) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("INSERT INTO site_config (site_id, name, value, updated_at) VALUES (?,?,?,?) "
                + "ON CONFLICT (site_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")) {
            st.setString(1, siteId);
            st.setString(2, name);
            st.setString(3, value);
            st.setLong(4, System.currentTimeMillis());
            st.executeUpdate();
        }
    }
}
