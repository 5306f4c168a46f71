package org.songprint.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Messages clients match on, spelled as AcoustID spells them. */
class ApiExceptionTest {

    @Test
    void error14SaysTryAgainLaterAsAcoustIdDoes() {
        // as api.acoustid.org answers it (beets issue #6510): the rate names the bucket
        ApiException limited = ApiException.tooManyRequests(10, 3);
        assertThat(limited.getMessage()).isEqualTo("rate limit (10.000000 requests per second) exceeded, try again later");
        assertThat(limited.code()).isEqualTo(14);
        assertThat(limited.httpStatus()).isEqualTo(429);
        assertThat(limited.retryAfterSeconds()).isEqualTo(3);
        assertThat(ApiException.tooManyRequests(0.5).getMessage())
                .isEqualTo("rate limit (0.500000 requests per second) exceeded, try again later");
    }
}
