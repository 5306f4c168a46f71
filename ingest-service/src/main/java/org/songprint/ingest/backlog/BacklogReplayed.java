package org.songprint.ingest.backlog;

import org.songprint.common.api.ApiAnswer;

/** The answer of {@code /internal/backlog/replay}: how many parked submissions were sent again. */
record BacklogReplayed(int replayed) implements ApiAnswer {
}
