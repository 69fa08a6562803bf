package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FoldedSetTest {

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource(delimiter = '~', value = {
        "COMPLETED|SCHEDULED ~ COMPLETED              ~ true",
        "COMPLETED|SCHEDULED ~ scheduled              ~ true",
        "COMPLETED|SCHEDULED ~ ScHeDuLeD              ~ true",
        "COMPLETED|SCHEDULED ~ COMPLETES              ~ false",
        "COMPLETED|SCHEDULED ~ NO_SHOW                ~ false",
        "completed           ~ '  COMPLETED '         ~ true",
        "ab                  ~ ab;                    ~ true",
        "ab                  ~ ;ab                    ~ true",
        "ab                  ~ x; ab ;y               ~ true",
        "ab                  ~ a;b                    ~ false",
        "ab                  ~ abc;abd                ~ false",
        "k                   ~ \u212A                 ~ true",
        "s                   ~ \u017F                 ~ true",
        "straße              ~ STRASSE                ~ false",
        "é                   ~ É                      ~ true",
    })
    void answersWholeAndMultiSelectValuesIgnoringCase(String set, String value, boolean expected) {
        assertEquals(expected, new FoldedSet(List.of(set.split("\\|"))).containsAnyOf(value));
    }

    @Test
    void anEmptyValueInTheModelMatchesNothingBlank() {
        FoldedSet set = new FoldedSet(List.of("", "x"));

        assertFalse(set.containsAnyOf(""));
        assertFalse(set.containsAnyOf("   "));
        assertFalse(set.containsAnyOf(" ; "));
        assertTrue(set.containsAnyOf("x"));
        assertEquals(List.of("", "x"), set.sorted());
    }

    @Test
    void valuesOfSixtyThreeCharsAndMoreAreFound() {
        String long63 = "a".repeat(63);
        String long64 = "b".repeat(64);
        String long100 = "c".repeat(100);
        FoldedSet set = new FoldedSet(List.of(long63, long100));

        assertTrue(set.containsAnyOf(long63.toUpperCase()));
        assertTrue(set.containsAnyOf(long100));
        assertFalse(set.containsAnyOf(long64));
        assertTrue(set.containsAnyOf(long64 + ";" + long100));
    }

    /** Small sets compare spellings and chars; sets of more than six values hash: both agree with the definition. */
    @Test
    void agreesWithSplittingAndFoldingOnGeneratedValues() {
        Random random = new Random(5);
        String[] words = {"in", "IN", "inbound", "Inbound", "OUTBOUND", "k", "\u212A", "é", "É", "a b", "x", " ", ";"};
        int found = 0;
        for (int round = 0; round < 2_000; round++) {
            List<String> members = new ArrayList<>();
            for (int i = random.nextInt(1, 10); i > 0; i--) {
                members.add(words[random.nextInt(words.length - 2)]);
            }
            FoldedSet set = new FoldedSet(members);
            for (int i = 0; i < 20; i++) {
                StringBuilder value = new StringBuilder();
                for (int w = random.nextInt(1, 5); w > 0; w--) {
                    value.append(words[random.nextInt(words.length)]);
                }
                boolean expected = reference(members, value.toString());
                found += expected ? 1 : 0;

                assertEquals(expected, set.containsAnyOf(value.toString()), members + " / '" + value + "'");
            }
        }
        assertTrue(found > 1_000, "too few generated values were in their set: " + found);
    }

    /** The definition: the whole value or one of its ;-separated parts, without surrounding spaces, folded. */
    private static boolean reference(List<String> members, String value) {
        Set<String> folded = new HashSet<>();
        for (String member : members) {
            folded.add(Text.fold(member.strip()));
        }
        folded.remove("");
        List<String> parts = new ArrayList<>(List.of(value.split(";", -1)));
        parts.add(value);
        for (String part : parts) {
            String trimmed = part.replaceAll("^ +| +$", "");
            if (!trimmed.isBlank() && folded.contains(Text.fold(trimmed))) {
                return true;
            }
        }
        return false;
    }
}
