package org.songprint.account.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FingerprintImageTest {

    @Test
    void eachItemIsAColumnAndEachSetBitADarkPixel() throws Exception {
        int[] items = new Random(23).ints(300).toArray();
        items[0] = 0;
        items[1] = -1;
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(FingerprintImage.png(items)));
        assertThat(image.getWidth()).isEqualTo(items.length);
        assertThat(image.getHeight()).isEqualTo(32);
        int light = image.getRGB(0, 0);
        int dark = image.getRGB(1, 0);
        assertThat(light).isNotEqualTo(dark);
        for (int x = 0; x < items.length; x++) {
            for (int bit = 0; bit < 32; bit++) {
                assertThat(image.getRGB(x, bit)).as("item %d bit %d", x, bit)
                        .isEqualTo((items[x] >>> bit & 1) != 0 ? dark : light);
            }
        }
    }

    @Test
    void theLongestFingerprintsAreDrawnUpToABoundedWidth() throws Exception {
        int[] longest = new Random(5).ints(1 << 16).toArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(FingerprintImage.png(longest))).getWidth())
                .isEqualTo(FingerprintImage.MAX_DRAWN_ITEMS);
        BufferedImage compared = ImageIO.read(new ByteArrayInputStream(FingerprintImage.comparisonPng(longest, longest, -40)));
        assertThat(compared.getWidth()).isEqualTo(FingerprintImage.MAX_DRAWN_ITEMS);
    }
}
