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
            Long id = parseId(value);
            if (id != null) {
                requested.add(id);
            }
        }
        if (requested.size() > MAX_IDS) {
            throw ApiException.requestTooLarge();
        }
        return new SubmissionStatusRequest(List.copyOf(requested));
    }

    /** An id as AcoustID reads one (Python's {@code int()}: sign and surrounding blanks allowed), or null. */
    static Long parseId(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty() || stripped.length() > 20) {
            return null;
        }
        try {
            return Long.valueOf(stripped);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
