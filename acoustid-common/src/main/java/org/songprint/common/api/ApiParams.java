package org.songprint.common.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The parameters of one AcoustID API call: query string and form body merged, as AcoustID does, with
 * the batch suffix rules ({@code name}, {@code name.0}, {@code name.1}, ...).
 */
public final class ApiParams {

    /** AcoustID's limit on form parts; more is error 19. */
    public static final int MAX_PARAMETERS = 1000;

    private static final Pattern SUFFIX = Pattern.compile("[0-9]{1,9}");

    private final Map<String, List<String>> values;

    private ApiParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Merges the sources in order (query string first, then the form body). */
    @SafeVarargs
    public static ApiParams merge(Map<String, ? extends List<String>>... sources) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        int count = 0;
        for (Map<String, ? extends List<String>> source : sources) {
            if (source == null) {
                continue;
            }
            for (Map.Entry<String, ? extends List<String>> entry : source.entrySet()) {
                count += entry.getValue().size();
                merged.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).addAll(entry.getValue());
            }
        }
        if (count > MAX_PARAMETERS) {
            throw ApiException.requestTooLarge();
        }
        return new ApiParams(merged);
    }

    public static ApiParams of(Map<String, List<String>> values) {
        return merge(values);
    }

    /** The first value of {@code name}, or null when absent. */
    public String first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** The first non-blank value of {@code name}, stripped, or null. */
    public String text(String name) {
        String value = first(name);
        if (value == null) {
            return null;
        }
        value = value.strip();
        return value.isEmpty() ? null : value;
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> list = values.get(name);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** The parameter name for a batch suffix: {@code name} for "", else {@code name.suffix}. */
    public static String suffixed(String name, String suffix) {
        return suffix.isEmpty() ? name : name + "." + suffix;
    }

    /**
     * The suffixes under which any of {@code names} occurs: the bare name first (as ""), then numeric
     * suffixes in numeric order. Other suffixes are not batch entries and are ignored.
     */
    public List<String> suffixes(String... names) {
        boolean bare = false;
        List<Long> numbers = new ArrayList<>();
        for (String key : values.keySet()) {
            for (String name : names) {
                if (key.equals(name)) {
                    bare = true;
                } else if (key.startsWith(name) && key.length() > name.length() + 1 && key.charAt(name.length()) == '.') {
                    String suffix = key.substring(name.length() + 1);
                    if (SUFFIX.matcher(suffix).matches()) {
                        long number = Long.parseLong(suffix);
                        if (!numbers.contains(number)) {
                            numbers.add(number);
                        }
                    }
                }
            }
        }
        Collections.sort(numbers);
        List<String> result = new ArrayList<>(numbers.size() + 1);
        if (bare) {
            result.add("");
        }
        for (long number : numbers) {
            result.add(Long.toString(number));
        }
        return result;
    }

    /** The value under {@code name.suffix}; with several spellings of one number the first wins. */
    public String first(String name, String suffix) {
        return first(suffixed(name, suffix));
    }

    public List<String> all(String name, String suffix) {
        return all(suffixed(name, suffix));
    }

    /** Whether a flag such as {@code batch=1} is set (AcoustID treats any non-zero integer as true). */
    public boolean flag(String name) {
        String value = text(name);
        if (value == null) {
            return false;
        }
        try {
            return Long.parseLong(value) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The integer value, or null when absent or not an integer. */
    public static Integer parseInt(String value) {
        Long parsed = parseInteger(value, 11);
        return parsed == null || parsed != parsed.intValue() ? null : parsed.intValue();
    }

    /**
     * The 64-bit integer value as AcoustID reads one (Python's {@code int()}: sign and surrounding
     * blanks allowed), or null when absent or not such an integer.
     */
    public static Long parseLong(String value) {
        return parseInteger(value, 20);
    }

    // longer text is refused before parsing: a client can send megabytes of digits
    private static Long parseInteger(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty() || stripped.length() > maxLength) {
            return null;
        }
        try {
            return Long.valueOf(stripped);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A UUID in any case and with or without hyphens, or null when it is not one. */
    public static UUID parseUuid(String value) {
        if (value == null) {
            return null;
        }
        String hex = value.strip().toLowerCase(Locale.ROOT);
        if (hex.length() == 36 && hex.charAt(8) == '-' && hex.charAt(13) == '-' && hex.charAt(18) == '-' && hex.charAt(23) == '-') {
            hex = hex.replace("-", "");
        }
        if (hex.length() != 32) {
            return null;
        }
        for (int i = 0; i < 32; i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }
}
