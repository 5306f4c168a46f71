package org.songprint.fingerprint.track;

import java.util.UUID;

/** A live (not merged away, not disabled) track: its row id and public AcoustID. */
public record TrackRef(int id, UUID gid) {
}
