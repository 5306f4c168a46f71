package org.songprint.account.application;

import io.quarkus.qute.TemplateData;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What the application form posts, trimmed; {@link #errors()} says what is wrong with it, if anything. */
@TemplateData
public record ApplicationForm(String name, String version, String email, String website) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public static ApplicationForm of(String name, String version, String email, String website) {
        return new ApplicationForm(trim(name), trim(version), trim(email), trim(website));
    }

    public static ApplicationForm of(Application application) {
        return new ApplicationForm(application.name(), nullToEmpty(application.version()),
                nullToEmpty(application.email()), nullToEmpty(application.website()));
    }

    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        if (name.isEmpty()) {
            errors.add("Name is required.");
        } else if (name.length() > 255) {
            errors.add("Name is longer than 255 characters.");
        }
        if (version.length() > 255) {
            errors.add("Version is longer than 255 characters.");
        }
        if (!email.isEmpty() && (email.length() > 255 || !EMAIL.matcher(email).matches())) {
            errors.add("Email is not an email address.");
        }
        if (!website.isEmpty() && (website.length() > 1000 || !isWebAddress(website))) {
            errors.add("Website must be an http:// or https:// address.");
        }
        return errors;
    }

    private static boolean isWebAddress(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
