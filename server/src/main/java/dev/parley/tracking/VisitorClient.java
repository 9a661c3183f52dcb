package dev.parley.tracking;

import io.vertx.core.json.JsonObject;

/** What we know about the browser a visitor uses right now: address, place, device and language. */
public record VisitorClient(String ip, Place place, Device device, String language) {
    public static final VisitorClient UNKNOWN = new VisitorClient("", Place.UNKNOWN, Device.UNKNOWN, "");

    /** Adds the client fields of the VISITOR shape; country and city are null when unknown. */
    public JsonObject addTo(JsonObject visitor) {
        return visitor.put("browser", device.browser())
                .put("os", device.os())
                .put("device", device.type())
                .put("language", language)
                .put("ip", ip)
                .put("country", place.country())
                .put("countryCode", place.countryCode())
                .put("city", place.city());
    }
}
