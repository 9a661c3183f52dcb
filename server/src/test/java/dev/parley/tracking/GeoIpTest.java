package dev.parley.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MaxMind reader over database files written by {@link MmdbWriter}. */
class GeoIpTest {
    @TempDir
    Path dir;

    @Test
    void a_city_database_gives_country_and_city() throws Exception {
        var file = new MmdbWriter("GeoLite2-City")
                .add("81.2.69.0", 24, MmdbWriter.cityRecord("GB", "United Kingdom", "London"))
                .add("89.160.20.112", 28, MmdbWriter.cityRecord("SE", "Sweden", "Linköping"))
                .write(dir.resolve("city.mmdb"));
        try (var geo = GeoIp.open(file)) {
            assertEquals(new Place("United Kingdom", "GB", "London"), geo.locate("81.2.69.142"));
            assertEquals(new Place("Sweden", "SE", "Linköping"), geo.locate("89.160.20.113"));
            assertEquals(Place.UNKNOWN, geo.locate("10.0.0.1"));
            assertEquals(Place.UNKNOWN, geo.locate("not-an-ip"));
        }
    }

    @Test
    void a_country_database_gives_the_country_only() throws Exception {
        var file = new MmdbWriter("GeoLite2-Country")
                .add("81.2.69.0", 24, Map.of("country", Map.of("iso_code", "GB", "names", Map.of("en", "United Kingdom"))))
                .write(dir.resolve("country.mmdb"));
        try (var geo = GeoIp.open(file)) {
            assertEquals(new Place("United Kingdom", "GB", null), geo.locate("81.2.69.1"));
        }
    }

    @Test
    void without_a_database_everything_is_unknown() {
        assertEquals(Place.UNKNOWN, GeoIp.open(null).locate("81.2.69.142"));
    }

    @Test
    void a_missing_corrupt_or_wrong_kind_of_file_is_refused_naming_the_option() throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> GeoIp.open(dir.resolve("nope.mmdb")));
        assertTrue(missing.getMessage().startsWith("--geoip-db "), missing.getMessage());
        var corrupt = Files.write(dir.resolve("corrupt.mmdb"), "this is not a database".getBytes());
        var bad = assertThrows(IllegalArgumentException.class, () -> GeoIp.open(corrupt));
        assertTrue(bad.getMessage().contains("not a MaxMind database"), bad.getMessage());
        var asn = new MmdbWriter("GeoLite2-ASN").add("1.0.0.0", 24, Map.of("autonomous_system_number", 13335L)).write(dir.resolve("asn.mmdb"));
        var wrongKind = assertThrows(IllegalArgumentException.class, () -> GeoIp.open(asn));
        assertTrue(wrongKind.getMessage().contains("GeoLite2-ASN"), wrongKind.getMessage());
    }
}
