package org.songprint.fingerprint.index.packed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.index.packed.ExcerptVotes.Candidate;

/** The excerpt search's vote counting: hits agreeing on an offset within a few items are one document's votes. */
class ExcerptVotesTest {

    @Test
    void hitsAgreeingWithinAWindowAreVotesAtTheirMeanOffset() {
        ExcerptVotes votes = new ExcerptVotes();
        for (int offset : new int[] {100, 101, 101, 102, 104}) {
            votes.add(ExcerptVotes.document(0, 7), offset);
        }
        votes.add(ExcerptVotes.document(0, 7), 300); // elsewhere in the same document: not a vote for 101
        assertThat(votes.candidates(3, 10)).containsExactly(new Candidate(0, 7, 5, 102));
    }

    @Test
    void hitsFarApartAreNoVotes() {
        ExcerptVotes votes = new ExcerptVotes();
        for (int offset = -2; offset < 200; offset += 9) {
            votes.add(ExcerptVotes.document(1, 3), offset);
        }
        assertThat(votes.candidates(2, 10)).isEmpty();
    }

    @Test
    void eachDocumentCountsOnceAtItsBestOffsetAndTheMostVotesComeFirst() {
        ExcerptVotes votes = new ExcerptVotes();
        add(votes, 2, 9, 40, 3);
        add(votes, 2, 9, 500, 6); // the same document's better place
        add(votes, 0, 5, 0, 4);
        add(votes, 1, 5, 0, 4); // the same ordinal in another segment is another document
        add(votes, 0, 6, 10, 2); // too few
        assertThat(votes.candidates(3, 10)).containsExactly(
                new Candidate(2, 9, 6, 500), new Candidate(0, 5, 4, 0), new Candidate(1, 5, 4, 0));
        assertThat(votes.candidates(3, 2)).hasSize(2);
    }

    @Test
    void aTableThatGrewCountsLikeASmallOneAndClearsForTheNextSearch() {
        ExcerptVotes votes = new ExcerptVotes();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) { // chance hits, one per cell: far past the table's first size
            votes.add(ExcerptVotes.document(random.nextInt(4), random.nextInt(1 << 30)), random.nextInt(8_000) * 8);
        }
        add(votes, 3, Integer.MAX_VALUE, 65_535, 9); // the last offset of the last ordinal
        add(votes, 0, 0, -2, 7); // the earliest offset of the first
        List<Candidate> found = votes.candidates(5, 10);
        assertThat(found).containsExactly(new Candidate(3, Integer.MAX_VALUE, 9, 65_535), new Candidate(0, 0, 7, -2));

        votes.clear();
        assertThat(votes.candidates(1, 10)).isEmpty();
        add(votes, 0, 1, 20, 3);
        assertThat(votes.candidates(1, 10)).containsExactly(new Candidate(0, 1, 3, 20));
    }

    private static void add(ExcerptVotes votes, int segment, int doc, int offset, int hits) {
        for (int i = 0; i < hits; i++) {
            votes.add(ExcerptVotes.document(segment, doc), offset);
        }
    }
}
