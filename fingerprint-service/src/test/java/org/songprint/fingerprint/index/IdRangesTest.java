package org.songprint.fingerprint.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdRangesTest {

    @Test
    void setsThatDifferOnlyInWhichIdsTheyHoldDifferInThatRangeAlone() {
        long[] held = {1, 2, 3, 4_096, 4_100, 9_000};
        long[] other = {1, 2, 3, 4_097, 4_099, 9_000}; // same count and same sum in range 1
        Map<Long, IdRanges.Summary> a = IdRanges.of(held);
        Map<Long, IdRanges.Summary> b = IdRanges.of(other);
        assertThat(a.get(1L).count()).isEqualTo(b.get(1L).count());
        assertThat(a.get(1L).sum()).isEqualTo(b.get(1L).sum());
        assertThat(IdRanges.differing(a, b)).as("the mixed sums tell them apart").containsExactly(1L);
        assertThat(IdRanges.differing(a, IdRanges.of(new long[] {1, 2, 3, 4_096, 4_100}))).containsExactly(2L);
        assertThat(IdRanges.differing(a, IdRanges.of(held.clone()))).isEmpty();
    }

    @Test
    void slicesAndDifferencesOfAscendingIds() {
        long[] ids = {1, 5, 4_095, 4_096, 8_191, 8_192};
        assertThat(IdRanges.slice(ids, IdRanges.start(1), IdRanges.end(1))).containsExactly(4_096L, 8_191L);
        assertThat(IdRanges.slice(ids, IdRanges.start(7), IdRanges.end(7))).isEmpty();
        assertThat(IdRanges.minus(new long[] {1, 2, 3, 7}, new long[] {2, 3, 4})).containsExactly(1L, 7L);
        assertThat(IdRanges.mix(Integer.MAX_VALUE)).isBetween(0L, IdRanges.MIX_MODULUS - 1);
    }
}
