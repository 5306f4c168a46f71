package org.songprint.account.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.songprint.common.chromaprint.FingerprintComparator;

class FingerprintComparisonTest {

    private final int[] audio = new Random(31).ints(400).toArray();

    @Test
    void aFingerprintStartingLaterIsFoundAtItsOffsetWithItsBitErrors() {
        int[] later = Arrays.copyOfRange(audio, 9, audio.length);
        later[100] ^= 0b1011; // three bits differ
        FingerprintComparison result = FingerprintComparison.of(audio, later);
        assertThat(result.offset()).isEqualTo(9);
        assertThat(result.overlap()).isEqualTo(later.length);
        assertThat(result.differingBits()).isEqualTo(3);
        // the score lookups use: the same function, with AcoustID's offset limit
        assertThat(result.score()).isEqualTo(new FingerprintComparator().compare2(audio, later,
                FingerprintComparator.ACOUSTID_MAX_OFFSET));
        assertThat(result.score()).isGreaterThan(0.9f);
        assertThat(FingerprintComparison.of(later, audio).offset()).isEqualTo(-9);
    }

    @Test
    void theComparisonImageDrawsBothAlignedAndMarksTheBitsThatDiffer() throws Exception {
        int[] later = Arrays.copyOfRange(audio, 9, 200);
        later[50] ^= 1 << 4;
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(FingerprintImage.comparisonPng(audio, later, 9)));
        assertThat(image.getWidth()).isEqualTo(audio.length);
        assertThat(image.getHeight()).isEqualTo(32 * 3 + 2 * 2);
        int diffTop = 2 * (32 + 2);
        int red = image.getRGB(9 + 50, diffTop + 4);
        for (int x = 9; x < 9 + later.length; x++) {
            for (int bit = 0; bit < 32; bit++) {
                boolean differs = x == 9 + 50 && bit == 4;
                assertThat(image.getRGB(x, diffTop + bit) == red).as("x %d bit %d", x, bit).isEqualTo(differs);
                // the second band is the first's audio, shifted to line up: the same pixels but the one bit
                assertThat(image.getRGB(x, 34 + bit) == image.getRGB(x, bit)).as("x %d bit %d", x, bit).isEqualTo(!differs);
            }
        }
        // where the second has no audio, its band and the difference band are blank
        assertThat(image.getRGB(3, 34)).isEqualTo(0xffffffff);
        assertThat(image.getRGB(300, diffTop)).isEqualTo(0xffffffff);
    }
}
