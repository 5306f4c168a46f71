package org.songprint.fingerprint.dump;

/** A dump that cannot be written or read, with a message naming the file (and line) at fault. */
public class DumpException extends RuntimeException {

    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
