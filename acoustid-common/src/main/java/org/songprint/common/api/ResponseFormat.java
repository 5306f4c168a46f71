package org.songprint.common.api;

import java.util.Locale;

/** The {@code format} parameter: json (default), jsonp or xml. */
public enum ResponseFormat {
    JSON,
    JSONP,
    XML;

    /** The format asked for; unknown names are error 1, answered in JSON. */
    public static ResponseFormat of(String name) {
        if (name == null || name.isBlank()) {
            return JSON;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "jsonp" -> JSONP;
            case "xml" -> XML;
            default -> throw ApiException.unknownFormat(name.strip());
        };
    }
}
