package dev.parley.tracking;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Country and city of an IP address from a MaxMind-format database the operator provides ({@code --geoip-db}); a
 * city database gives both, a country database the country only. The file is memory-mapped once at start and
 * searched in place (thread-safe). Lookups may touch the disk: call them off the event loop.
 */
public final class GeoIp implements AutoCloseable {
    /** No database configured: everything is {@link Place#UNKNOWN}. */
    public static final GeoIp NONE = new GeoIp(null, false);

    private final DatabaseReader reader;
    private final boolean city;

    private GeoIp(DatabaseReader reader, boolean city) {
        this.reader = reader;
        this.city = city;
    }

    /**
     * Opens the database at {@code path}; throws {@link IllegalArgumentException} naming the option and the file when it
     * is missing, unreadable, not a MaxMind DB, or neither a country nor a city database.
     */
    public static GeoIp open(Path path) {
        if (path == null) {
            return NONE;
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("--geoip-db " + path + ": no such readable file");
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(path.toFile()).locales(List.of("en")).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--geoip-db " + path + ": not a MaxMind database (" + e.getMessage() + ")", e);
        }
        var type = reader.metadata().databaseType();
        boolean isCity = type.contains("City");
        if (!isCity && !type.contains("Country")) {
            close(reader);
            throw new IllegalArgumentException("--geoip-db " + path + ": database type '" + type
                    + "' has no countries; use a GeoIP2/GeoLite2 Country or City database");
        }
        return new GeoIp(reader, isCity);
    }

    public boolean configured() {
        return reader != null;
    }

    public Place locate(String ip) {
        if (reader == null || !ClientInfo.ipLiteral(ip)) {
            return Place.UNKNOWN;
        }
        try {
            var address = InetAddress.getByName(ip); // a literal: no DNS
            if (city) {
                return reader.tryCity(address).map(r -> place(r.country(), r.city().name())).orElse(Place.UNKNOWN);
            }
            return reader.tryCountry(address).map(r -> place(r.country(), null)).orElse(Place.UNKNOWN);
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            return Place.UNKNOWN; // a damaged record costs one lookup, never the connection
        }
    }

    private static Place place(com.maxmind.geoip2.record.Country country, String cityName) {
        if (country == null || country.name() == null) {
            return cityName == null ? Place.UNKNOWN : new Place(null, null, cityName);
        }
        return new Place(country.name(), country.isoCode(), cityName);
    }

    @Override
    public void close() {
        close(reader);
    }

    private static void close(DatabaseReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only mapping; nothing to lose
            }
        }
    }
}
