package dev.parley.account;

import java.util.List;

/** A tenant's website: its public key, widget look and the origins allowed to embed it. */
public record Site(String id, String key, String name, boolean enabled, List<String> allowedOrigins,
                   String greeting, String color) {

    public Site {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** An empty list means any origin may embed the site. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin));
    }

    public Site withWidget(String newGreeting, String newColor, List<String> newOrigins) {
        return new Site(id, key, name, enabled, newOrigins, newGreeting, newColor);
    }
}
