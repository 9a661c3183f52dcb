package dev.parley.tracking;

/** Where an address is, from the GeoIP database; {@link #UNKNOWN} (all null) without a database or a match. */
public record Place(String country, String countryCode, String city) {
    public static final Place UNKNOWN = new Place(null, null, null);
}
