package org.songprint.account.catalogue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A fingerprint drawn as AcoustID draws it: one column per item, its 32 bits as rows (bit 0 on top),
 * set bits dark. One pixel per bit; the page scales it up without smoothing.
 */
public final class FingerprintImage {

    private static final int SET = 0x1f2a44;
    private static final int CLEAR = 0xf4f6fa;

    private FingerprintImage() {
    }

    public static byte[] png(int[] items) {
        BufferedImage image = new BufferedImage(Math.max(1, items.length), 32, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < items.length; x++) {
            for (int bit = 0; bit < 32; bit++) {
                image.setRGB(x, bit, (items[x] >>> bit & 1) != 0 ? SET : CLEAR);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
