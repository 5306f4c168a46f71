package org.songprint.account.user;

import org.songprint.common.api.ApiAnswer;

/** AcoustID's answer to {@code /v2/user/lookup} and {@code /v2/user/create_anonymous}: the user's API key. */
record UserApiAnswer(User user) implements ApiAnswer {

    static UserApiAnswer of(String apiKey) {
        return new UserApiAnswer(new User(apiKey));
    }

    record User(String apikey) {
    }
}
