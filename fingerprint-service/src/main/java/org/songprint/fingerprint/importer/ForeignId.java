package org.songprint.fingerprint.importer;

/** A submitted foreign id, {@code vendor:name} (AcoustID's format), split at the first colon. */
record ForeignId(String vendor, String name) {

    private static final int MAX = 255;

    static ForeignId parse(String value) {
        if (value == null) {
            return null;
        }
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return null;
        }
        String vendor = value.substring(0, colon).strip();
        String name = value.substring(colon + 1).strip();
        if (vendor.isEmpty() || name.isEmpty() || vendor.length() > MAX || name.length() > MAX) {
            return null;
        }
        return new ForeignId(vendor, name);
    }
}
