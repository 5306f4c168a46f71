package org.songprint.fingerprint.dump;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** COPY text passing through: its lines counted and its SHA-256 taken on the way. */
final class CopyText extends FilterOutputStream {

    private final MessageDigest sha256;
    private final DumpProgress progress;
    private long lines;

    CopyText(OutputStream out, DumpProgress progress) {
        super(out);
        this.progress = progress;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        sha256.update(bytes, offset, length);
        long before = lines;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        out.write(bytes, offset, length);
        if (lines != before) {
            progress.rows(lines);
        }
    }

    long lines() {
        return lines;
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
