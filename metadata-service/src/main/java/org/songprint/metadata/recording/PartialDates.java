package org.songprint.metadata.recording;

/** MusicBrainz partial dates ("YYYY", "YYYY-MM", "YYYY-MM-DD"), split the way AcoustID renders them. */
final class PartialDates {

    private PartialDates() {
    }

    record Parts(Short year, Short month, Short day) {
    }

    static Parts parse(String date) {
        if (date == null || date.isBlank()) {
            return new Parts(null, null, null);
        }
        String[] parts = date.trim().split("-");
        Short year = part(parts, 0, 1, 9999);
        Short month = year == null ? null : part(parts, 1, 1, 12);
        Short day = month == null ? null : part(parts, 2, 1, 31);
        return new Parts(year, month, day);
    }

    private static Short part(String[] parts, int index, int min, int max) {
        if (parts.length <= index) {
            return null;
        }
        try {
            int value = Integer.parseInt(parts[index]);
            return value >= min && value <= max ? (short) value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
