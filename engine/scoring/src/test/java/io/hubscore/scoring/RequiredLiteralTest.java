package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredLiteralTest {

    @ParameterizedTest(name = "{0} requires {1}")
    @CsvSource(delimiter = '~', nullValues = "none", value = {
        "(?i)\\b(vp|vice president|head|director|chief)\\b.*\\bmarketing\\b ~ marketing",
        "Marketing Manager               ~ marketing manager",
        "marketing?                      ~ marketin",
        "market(ing)?$                   ~ market",
        "^vp [a-z]+growthmarketing        ~ growthmarketing",
        "demand\\s+gen                   ~ demand",
        "abc{2,3}def                     ~ def",
        "ab+cd                           ~ none",
        "vp|director                     ~ none",
        "\\bvp\\b                        ~ none",
        "[0-9]{3,}                       ~ none",
        "(?x) market ing                 ~ none",
        "\\Qmarketing\\E                 ~ none",
        "\\p{Lu}arketing                 ~ none",
    })
    void findsOnlyTextEveryMatchMustContain(String regex, String required) {
        assertEquals(required, RequiredLiteral.of(regex.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', value = {
        "(?i)\\b(vp|vice president|head|director|chief)\\b.*\\bmarketing\\b",
        "market(ing)?$",
        "marketing?",
        "^head of [a-z]+ ?growth",
        "abc{2,3}def",
        "(?-i)Growth[s]? team",
    })
    void aValueThatMatchesAlwaysContainsTheRequiredText(String regex) {
        String required = RequiredLiteral.of(regex);
        Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        List<String> words = List.of("VP", "vice president", "Head of ", "head of x", "of", "growth", "Growth", "marketing", "MARKETIN",
                "market", "ing", "abccdef", "team", "s", " ", "director", "chief", "x");
        Random random = new Random(7);
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int w = random.nextInt(5); w >= 0; w--) {
                value.append(words.get(random.nextInt(words.size()))).append(random.nextBoolean() ? " " : "");
            }
            if (pattern.matcher(value).find()) {
                matched++;
                assertTrue(Text.containsFolded(value.toString(), required), regex + " matched '" + value
                        + "' without '" + required + "'");
            }
        }
        assertTrue(matched > 0, "no generated value matched " + regex);
    }
}
