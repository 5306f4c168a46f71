package org.songprint.ingest.status;

import java.util.ArrayList;
import java.util.List;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;

/**
 * A {@code /v2/submission_status} call once read: the ids asked for, in request order and as often as
 * asked. As AcoustID does, a value that is not an integer is no id.
 */
record SubmissionStatusRequest(List<Long> ids) {

    static final int MAX_IDS = 1000;

    static SubmissionStatusRequest parse(ApiParams params) {
        List<Long> requested = new ArrayList<>();
        for (String value : params.all("id")) {
            Long id = ApiParams.parseLong(value);
            if (id != null) {
                requested.add(id);
            }
        }
        if (requested.size() > MAX_IDS) {
            throw ApiException.requestTooLarge();
        }
        return new SubmissionStatusRequest(List.copyOf(requested));
    }
}
