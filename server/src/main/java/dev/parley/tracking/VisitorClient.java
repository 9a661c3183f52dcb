package dev.parley.tracking;

import io.vertx.core.json.JsonObject;

/** What we know about the browser a visitor uses right now: address, place, device and language. */
public record VisitorClient(String ip, Place place, Device device, String language) {
    public static final VisitorClient UNKNOWN = new VisitorClient("", Place.UNKNOWN, Device.UNKNOWN, "");

    /** Adds the client fields of the VISITOR shape; country, countryCode and city are left out when unknown. */
    public JsonObject addTo(JsonObject visitor) {
        visitor.put("browser", device.browser()).put("os", device.os()).put("device", device.type())
                .put("language", language).put("ip", ip);
        putIfKnown(visitor, "country", place.country());
        putIfKnown(visitor, "countryCode", place.countryCode());
        putIfKnown(visitor, "city", place.city());
        return visitor;
    }

    private static void putIfKnown(JsonObject json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
