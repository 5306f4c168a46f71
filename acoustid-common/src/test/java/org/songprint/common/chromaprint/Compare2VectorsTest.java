package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 96 cases of {@code compare2-edge.csv}, scored by the real pg_acoustid extension, must come
 * out bit for bit: floats are compared with {@code assertEquals(float, float)}, which compares
 * the bits, never with a tolerance.
 */
class Compare2VectorsTest {

    /** One row of the vector file. */
    record Case(String name, String description, int[] a, int[] b, float compare2, float compare2NoLimit,
                float compare2Swapped, float compare3, float compare3Offset80, int[] queryA, int[] queryB) {
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = Compare2VectorsTest.class.getResourceAsStream("/chromaprint/compare2-edge.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = splitCsv(reader.readLine());
            assertEquals(List.of("case", "description", "n_a", "n_b", "compare2_80", "compare2_0", "compare2_80_ba",
                    "compare3", "compare3_80", "extract_query_a", "extract_query_b", "a", "b"), header);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                List<String> f = splitCsv(line);
                int[] a = ints(f.get(11));
                int[] b = ints(f.get(12));
                assertEquals(Integer.parseInt(f.get(2)), a.length, f.get(0) + " n_a");
                assertEquals(Integer.parseInt(f.get(3)), b.length, f.get(0) + " n_b");
                cases.add(new Case(f.get(0), f.get(1), a, b, score(f.get(4)), score(f.get(5)), score(f.get(6)),
                        score(f.get(7)), score(f.get(8)), ints(f.get(9)), ints(f.get(10))));
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesPgAcoustid() throws IOException {
        List<Case> cases = cases();
        assertEquals(96, cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            FingerprintComparator cmp = FingerprintComparator.forCurrentThread();
            assertAll(c.name() + ": " + c.description(),
                    () -> assertEquals(c.compare2(), cmp.compare2(c.a(), c.b(), 80), "compare2(a, b, 80)"),
                    () -> assertEquals(c.compare2NoLimit(), cmp.compare2(c.a(), c.b(), 0), "compare2(a, b, 0)"),
                    () -> assertEquals(c.compare2Swapped(), cmp.compare2(c.b(), c.a(), 80), "compare2(b, a, 80)"),
                    () -> assertEquals(c.compare3(), cmp.compare3(c.a(), c.b(), -1), "compare3(a, b)"),
                    () -> assertEquals(c.compare3Offset80(), cmp.compare3(c.a(), c.b(), 80), "compare3(a, b, 80)"),
                    () -> assertArrayEquals(c.queryA(), FingerprintComparator.extractQuery(c.a()), "extract_query(a)"),
                    () -> assertArrayEquals(c.queryB(), FingerprintComparator.extractQuery(c.b()), "extract_query(b)"));
        }));
    }

    /** One comparator reused over all cases in two orders gives the same scores as fresh ones. */
    @Test
    void scratchTablesDoNotLeakBetweenCalls() throws IOException {
        List<Case> cases = cases();
        FingerprintComparator reused = new FingerprintComparator();
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get(pass == 0 ? k : cases.size() - 1 - k);
                FingerprintComparator fresh = new FingerprintComparator();
                assertEquals(fresh.compare2(c.a(), c.b(), 80), reused.compare2(c.a(), c.b(), 80), c.name());
                assertEquals(fresh.compare2(c.b(), c.a(), 0), reused.compare2(c.b(), c.a(), 0), c.name());
                assertEquals(fresh.compare3(c.a(), c.b(), 80), reused.compare3(c.a(), c.b(), 80), c.name());
            }
        }
    }

    private static float score(String s) {
        return (float) Double.parseDouble(s);
    }

    private static int[] ints(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(" ");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    /** RFC 4180 fields: commas inside double quotes, "" for a quote. */
    private static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
