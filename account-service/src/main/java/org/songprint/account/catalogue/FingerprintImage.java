package org.songprint.account.catalogue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * A fingerprint drawn as AcoustID draws it: one column per item, its 32 bits as rows (bit 0 on top),
 * set bits dark. One pixel per bit; the page scales it up without smoothing. At most
 * {@link #MAX_DRAWN_ITEMS} items are drawn.
 */
public final class FingerprintImage {

    private static final int SET = 0x1f2a44;
    private static final int CLEAR = 0xf4f6fa;
    private static final int BLANK = 0xffffff;
    private static final int DIFFERENT = 0xd0312d;
    private static final int BAND = 32;
    private static final int GAP = 2;

    private FingerprintImage() {
    }

    /**
     * Items drawn at most: about 8.5 minutes of audio (fpcalc's default is 2), so a request for the
     * longest fingerprint a client may submit (65,536 items) costs a bounded image, not 26 MB of one.
     */
    public static final int MAX_DRAWN_ITEMS = 4096;

    public static byte[] png(int[] items) {
        items = Arrays.copyOf(items, Math.min(items.length, MAX_DRAWN_ITEMS));
        BufferedImage image = new BufferedImage(Math.max(1, items.length), 32, BufferedImage.TYPE_INT_RGB);
        draw(image, items, 0, 0);
        return encode(image);
    }

    /**
     * Two fingerprints aligned as compare2 aligned them ({@code first[i]} over {@code second[i -
     * offset]}): the first on top, the second below it, and under both the bits that differ where they
     * overlap, in red. A gap of two rows separates the bands; where only one fingerprint has audio the
     * other's band is blank.
     */
    public static byte[] comparisonPng(int[] first, int[] second, int offset) {
        int firstAt = Math.max(0, -offset);
        int secondAt = Math.max(0, offset);
        int width = Math.max(1, Math.min(MAX_DRAWN_ITEMS, Math.max(first.length + firstAt, second.length + secondAt)));
        first = Arrays.copyOf(first, Math.max(0, Math.min(first.length, width - firstAt)));
        second = Arrays.copyOf(second, Math.max(0, Math.min(second.length, width - secondAt)));
        BufferedImage image = new BufferedImage(width, BAND * 3 + GAP * 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                image.setRGB(x, y, BLANK);
            }
        }
        draw(image, first, firstAt, 0);
        draw(image, second, secondAt, BAND + GAP);
        int diffTop = 2 * (BAND + GAP);
        for (int x = Math.max(firstAt, secondAt); x < Math.min(first.length + firstAt, second.length + secondAt); x++) {
            int differing = first[x - firstAt] ^ second[x - secondAt];
            for (int bit = 0; bit < 32; bit++) {
                image.setRGB(x, diffTop + bit, (differing >>> bit & 1) != 0 ? DIFFERENT : CLEAR);
            }
        }
        return encode(image);
    }

    private static void draw(BufferedImage image, int[] items, int left, int top) {
        for (int i = 0; i < items.length; i++) {
            for (int bit = 0; bit < 32; bit++) {
                image.setRGB(left + i, top + bit, (items[i] >>> bit & 1) != 0 ? SET : CLEAR);
            }
        }
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
