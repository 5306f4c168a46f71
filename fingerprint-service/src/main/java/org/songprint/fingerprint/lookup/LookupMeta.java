package org.songprint.fingerprint.lookup;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code meta} parameter: names separated by spaces or '+', plus AcoustID's legacy numeric forms
 * (1 = recordingids, 2 = recordings, 0 = none). Unknown names are ignored, as AcoustID does.
 */
record LookupMeta(Set<String> names) {

    static LookupMeta parse(String value) {
        Set<String> names = new TreeSet<>();
        if (value != null) {
            for (String part : value.split("[\\s+]+")) {
                String name = part.strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "1" -> names.add("recordingids");
                    case "2" -> names.add("recordings");
                    case "", "0" -> {
                    }
                    default -> names.add(name);
                }
            }
        }
        return new LookupMeta(names);
    }

    boolean has(String name) {
        return names.contains(name);
    }

    /**
     * Whether results carry recordings (full or ids only). {@code isrcs} implies them: ISRCs belong
     * to recordings, and AcoustID answers {@code meta=isrcs} alone with recordings and their ISRCs.
     */
    boolean recordings() {
        return has("recordings") || has("recordingids") || has("isrcs");
    }
}
