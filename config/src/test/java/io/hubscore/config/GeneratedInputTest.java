package io.hubscore.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random mutations of the bundled examples (deleted keys and lines, wrong types, garbage
 * bytes, truncated files) never make the loader throw: it returns a config or located problems.
 */
class GeneratedInputTest {

    private static final String[] GARBAGE = {
        "", "~", "[]", "{}", "-1", "0", "3.7", "1e309", "true", "no", "'unterminated", "\"\\u12\"", "*alias",
        "&anchor x", "!!binary AAAA", "[1, [2, [3]]]", "{a: {b: {c: d}}}", "${UNSET_VARIABLE}", "${", "\t", "- x",
        "0 0 99 * * ?", "file:", "%YAML 9.9", "\u0000", "\uFFFE", "é", "🙂", ":", "? complex", "|", ">-"
    };

    @Test
    void mutatedExamplesNeverThrowAndEveryProblemIsLocatedInsideTheFile() {
        Random random = new Random(20261123L);
        ConfigLoader loader = new ConfigLoader(name -> name.equals("SET_VARIABLE") ? "value" : null);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 3000; i++) {
            String name = BundledExamples.NAMES.get(random.nextInt(BundledExamples.NAMES.size()));
            String text = mutate(BundledExamples.read(name), random);

            LoadResult result;
            try {
                result = loader.parse(name, text);
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutation " + i + " of " + name + " threw " + e + " on:\n" + text, e);
                return;
            }

            if (result instanceof LoadResult.Invalid bad) {
                invalid++;
                int lines = (int) text.lines().count() + 1;
                for (Problem p : bad.problems()) {
                    assertTrue(p.location().line() >= 1 && p.location().line() <= lines, p.format());
                    assertFalse(p.message().isBlank(), p.format());
                    assertFalse(p.format().contains("Exception"), p.format());
                }
            } else {
                valid++;
            }
        }
        assertTrue(valid > 0, "some mutations (e.g. of comments) keep the file valid");
        assertTrue(invalid > 1500, "most mutations break the file: " + invalid);
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && !lines.isEmpty(); r++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(8)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int colon = line.indexOf(": ");
                    String garbage = GARBAGE[random.nextInt(GARBAGE.length)];
                    lines.set(at, colon < 0 ? line + garbage : line.substring(0, colon + 2) + garbage);
                }
                case 3 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                case 4 -> lines.set(at, " ".repeat(random.nextInt(5)) + line.strip());
                case 5 -> {
                    char[] chars = line.toCharArray();
                    if (chars.length > 0) {
                        chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000);
                    }
                    lines.set(at, new String(chars));
                }
                case 6 -> lines.add(at, GARBAGE[random.nextInt(GARBAGE.length)]);
                default -> {
                    String joined = String.join("\n", lines);
                    return joined.substring(0, random.nextInt(joined.length() + 1));
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
