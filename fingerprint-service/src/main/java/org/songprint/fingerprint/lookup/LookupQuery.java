package org.songprint.fingerprint.lookup;

import java.util.UUID;

/**
 * One query of a lookup request: a fingerprint with its duration, or an AcoustID track id.
 *
 * @param index the batch suffix as a number, or null for the bare parameter names
 */
record LookupQuery(Integer index, int[] fingerprint, int duration, UUID trackId) {

    boolean byTrackId() {
        return trackId != null;
    }
}
