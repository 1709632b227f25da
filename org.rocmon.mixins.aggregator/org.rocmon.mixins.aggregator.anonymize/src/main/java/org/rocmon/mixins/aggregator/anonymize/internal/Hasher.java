package org.rocmon.mixins.aggregator.anonymize.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of text: HMAC-SHA256 with the salt as key, in lower-case hex, cut to 16 characters (64 bits: enough
 * to tell sources apart, too short to be mistaken for a full digest). Not thread-safe, like the mixin that owns it.
 */
final class Hasher {

    static final int LENGTH = 16;
    /** Source ids repeat, so their hashes are cached; the bound keeps varying values from growing it forever. */
    private static final int CACHE_LIMIT = 4096;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac mac;
    private final Map<String, String> cache = new HashMap<>();

    Hasher(String salt) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256, so this is a broken platform, not bad input.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    String hash(String text) {
        byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH / 2; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    String cachedHash(String text) {
        String h = cache.get(text);
        if (h == null) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            h = hash(text);
            cache.put(text, h);
        }
        return h;
    }
}
