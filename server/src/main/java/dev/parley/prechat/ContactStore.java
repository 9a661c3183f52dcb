package dev.parley.prechat;

import dev.parley.store.Database;
import dev.parley.store.WriteOp;
import java.sql.SQLException;

/** Pre-chat answers on the visitor row. */
public final class ContactStore {
    private final Database db;

    public ContactStore(Database db) {
        this.db = db;
    }

    public Contact contactOf(String siteId, String visitorId) throws SQLException {
        try (var c = db.connection(); var st = c.prepareStatement("SELECT contact FROM visitor WHERE site_id = ? AND id = ?")) {
            st.setString(1, siteId);
            st.setString(2, visitorId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Contact.fromStored(rs.getString(1)) : Contact.NONE;
            }
        }
    }

    /** The visitor row exists: the hub upserts it when the visitor says hello, before any answer can arrive. */
    public static WriteOp.Sql save(String siteId, String visitorId, Contact contact) {
        return c -> {
            try (var st = c.prepareStatement("UPDATE visitor SET contact = ? WHERE site_id = ? AND id = ?")) {
                st.setString(1, contact.toJson().encode());
                st.setString(2, siteId);
                st.setString(3, visitorId);
                st.executeUpdate();
            }
        };
    }
}
