package org.songprint.account.user;

import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;

/** The calls of {@link UserLookupResource} and {@link CreateAnonymousResource} once read. */
final class UserApiRequests {

    private static final int MAX_CLIENT_VERSION = 255;

    private UserApiRequests() {
    }

    /**
     * {@code /v2/user/lookup}: the user key. AcoustID's UserLookupHandlerParams parses format and
     * user only: a client key, even a bad one, is ignored.
     */
    record Lookup(String userKey) {

        static Lookup parse(ApiParams params) {
            String user = params.text("user");
            if (user == null) {
                throw ApiException.missingParameter("user");
            }
            return new Lookup(user);
        }
    }

    /** {@code /v2/user/create_anonymous}: the calling application's key, and its version (truncated), or null. */
    record CreateAnonymous(String clientKey, String clientVersion) {

        static CreateAnonymous parse(ApiParams params) {
            String key = params.text("client");
            if (key == null || key.isEmpty()) {
                throw ApiException.missingParameter("client");
            }
            String version = params.text("clientversion");
            if (version == null || version.isEmpty()) {
                version = null;
            } else if (version.length() > MAX_CLIENT_VERSION) {
                version = version.substring(0, MAX_CLIENT_VERSION);
            }
            return new CreateAnonymous(key, version);
        }
    }
}
