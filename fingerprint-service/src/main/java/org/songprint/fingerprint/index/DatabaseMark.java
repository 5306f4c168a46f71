package org.songprint.fingerprint.index;

import java.time.OffsetDateTime;

/**
 * The highest fingerprint id PostgreSQL showed, the server's clock just after it was read, when the
 * oldest transaction then open in the database began (null if none was), and when the last catalogue
 * dump was imported (null if none was). Ids come from a sequence
 * in the importers' transactions, which commit in any order: an id below {@code maxId} can still
 * appear while a transaction that began before {@code at} is open, and never once all of them have
 * ended, since every id handed out later is higher.
 */
record DatabaseMark(long maxId, OffsetDateTime at, OffsetDateTime oldestOpen, OffsetDateTime lastImport) {

    /** Whether every transaction that was open when {@code earlier} was taken had ended when this was. */
    boolean settles(DatabaseMark earlier) {
        return oldestOpen == null || oldestOpen.isAfter(earlier.at());
    }
}
