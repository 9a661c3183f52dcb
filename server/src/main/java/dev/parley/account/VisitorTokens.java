package dev.parley.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed visitor identity: {@code v1.<base64url(siteId|visitorId)>.<base64url(hmac)>}. The secret is shared by
 * all nodes through the database, so a token issued by one node is accepted by another.
 */
public final class VisitorTokens {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public VisitorTokens(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String issue(String siteId, String visitorId) {
        var body = ENC.encodeToString((siteId + "|" + visitorId).getBytes(StandardCharsets.UTF_8));
        return "v1." + body + "." + ENC.encodeToString(sign(body));
    }

    /** The visitor id if the token is genuine and was issued for {@code siteId}; otherwise null. */
    public String verify(String token, String siteId) {
        if (token == null || token.length() > 512) {
            return null;
        }
        var parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) {
            return null;
        }
        try {
            // Compare the canonical text, not decoded bytes: base64 has spare bits in its last character, and a
            // token that differs from the issued one must not verify.
            var expected = ENC.encodeToString(sign(parts[1])).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            var body = new String(DEC.decode(parts[1]), StandardCharsets.UTF_8).split("\\|", 2);
            return body.length == 2 && body[0].equals(siteId) ? body[1] : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] sign(String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
