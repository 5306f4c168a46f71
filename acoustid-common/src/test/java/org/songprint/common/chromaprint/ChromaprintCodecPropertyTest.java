package org.songprint.common.chromaprint;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Properties of the codec over generated input (jqwik). */
class ChromaprintCodecPropertyTest {

    @Property(tries = 2000)
    void arbitraryStringsDecodeOrFailCleanly(@ForAll @StringLength(max = 400) String s) {
        decodeOrInvalid(s);
    }

    /** Strings over the base64 alphabet get past the character check into the stream checks. */
    @Property(tries = 2000)
    void arbitraryAlphabetStringsDecodeOrFailCleanly(
            @ForAll @AlphaChars @NumericChars @Chars({'-', '_'}) @StringLength(max = 400) String s) {
        decodeOrInvalid(s);
        decodeOrInvalid("AQ" + s);
    }

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrFailCleanly(@ForAll @Size(max = 600) byte[] bytes) {
        decodeOrInvalid(ChromaprintCodec.base64Encode(bytes));
    }

    /** A plausible header (algorithm 1, a small count) in front of random bytes. */
    @Property(tries = 3000)
    void randomBodiesBehindAValidHeaderDecodeOrFailCleanly(
            @ForAll @IntRange(max = 300) int count, @ForAll @Size(max = 400) byte[] body) {
        byte[] data = new byte[4 + body.length];
        data[0] = 1;
        data[2] = (byte) (count >>> 8);
        data[3] = (byte) count;
        System.arraycopy(body, 0, data, 4, body.length);
        Fingerprint fp = decodeOrInvalid(ChromaprintCodec.base64Encode(data));
        if (fp != null) {
            // What decodes re-encodes to the same items.
            if (!Arrays.equals(fp.hashes(), ChromaprintCodec.decode(ChromaprintCodec.encode(fp)).hashes())) {
                throw new AssertionError("re-encoding changed the items");
            }
        }
    }

    /** Real fingerprints with a damaged byte, a cut or an extension reach every check. */
    @Property(tries = 3000)
    void damagedRealFingerprintsDecodeOrFailCleanly(@ForAll @IntRange(max = 4) int fixture,
            @ForAll @IntRange(max = 100_000) int position, @ForAll byte xor, @ForAll @IntRange(max = 8) int cut) {
        byte[] data = ChromaprintCodec.base64Decode(FpcalcFixtures.load(FpcalcFixtures.NAMES.get(fixture)).encoded());
        data[position % data.length] ^= xor;
        decodeOrInvalid(ChromaprintCodec.base64Encode(data));
        decodeOrInvalid(ChromaprintCodec.base64Encode(Arrays.copyOf(data, Math.max(0, data.length - cut))));
        decodeOrInvalid(ChromaprintCodec.base64Encode(Arrays.copyOf(data, data.length + cut)));
    }

    @Property(tries = 1000)
    void encodeDecodeRoundTrips(@ForAll @Size(max = 3000) int[] hashes, @ForAll @IntRange(max = 255) int algorithm) {
        String encoded = ChromaprintCodec.encode(algorithm, hashes);
        Fingerprint decoded = ChromaprintCodec.decode(encoded);
        if (!decoded.equals(new Fingerprint(algorithm, hashes))) {
            throw new AssertionError("round trip changed the fingerprint");
        }
        if (!encoded.equals(ChromaprintCodec.encode(decoded))) {
            throw new AssertionError("encoding is not canonical");
        }
        if (encoded.length() != (ChromaprintCodec.compress(algorithm, hashes).length * 4 + 2) / 3) {
            throw new AssertionError("base64 length is not (n * 4 + 2) / 3");
        }
    }

    /** Smooth sequences (few changed bits per item), the shape real fingerprints have. */
    @Property(tries = 500)
    void encodeDecodeRoundTripsOnSlowlyChangingItems(@ForAll @Size(max = 3000) byte[] flips, @ForAll int start) {
        int[] hashes = new int[flips.length];
        int h = start;
        for (int i = 0; i < flips.length; i++) {
            h ^= 1 << (flips[i] & 31);
            hashes[i] = h;
        }
        if (!Arrays.equals(hashes, ChromaprintCodec.decode(ChromaprintCodec.encode(1, hashes)).hashes())) {
            throw new AssertionError("round trip changed the items");
        }
    }

    @Property(tries = 2000)
    void arbitraryRawTextParsesOrFailsCleanly(@ForAll @StringLength(max = 200) String s) {
        try {
            ChromaprintCodec.parseRaw(s);
        } catch (InvalidFingerprintException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 500)
    void rawFormRoundTrips(@ForAll @Size(max = 500) int[] hashes, @ForAll boolean signed) {
        if (!Arrays.equals(hashes, ChromaprintCodec.parseRaw(ChromaprintCodec.formatRaw(hashes, signed)))) {
            throw new AssertionError("raw round trip changed the items");
        }
    }

    @Example
    void allOnesAndAllZeroItemsRoundTrip() {
        int[] hashes = new int[3000];
        for (int i = 0; i < hashes.length; i += 2) {
            hashes[i] = -1;
        }
        if (!Arrays.equals(hashes, ChromaprintCodec.decode(ChromaprintCodec.encode(1, hashes)).hashes())) {
            throw new AssertionError();
        }
    }

    /** Returns the fingerprint, or null if the input was refused with InvalidFingerprintException. */
    private static Fingerprint decodeOrInvalid(String s) {
        try {
            return ChromaprintCodec.decode(s);
        } catch (InvalidFingerprintException expected) {
            return null;
        }
    }
}
