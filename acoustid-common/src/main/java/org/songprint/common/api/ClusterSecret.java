package org.songprint.common.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The cluster secret that operators' internal calls present (form parameter {@code secret}, as in
 * AcoustID's internal API). An empty configured secret disables those calls altogether.
 */
public final class ClusterSecret {

    private final byte[] secret;

    public ClusterSecret(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The secret itself, which this service presents on its own calls to another service's /internal API. */
    public String value() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    /** Throws AcoustID's "not allowed" unless the call presents the secret (compared in constant time). */
    public void require(ApiParams params) {
        String given = params.first("secret");
        if (secret.length == 0 || given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.notAllowed();
        }
    }
}
