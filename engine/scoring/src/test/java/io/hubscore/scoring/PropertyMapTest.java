package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PropertyMapTest {

    @Test
    void holdsEveryPresentPropertyAndDropsNullNamesAndValues() {
        Map<String, String> source = new HashMap<>();
        source.put("jobtitle", "VP Marketing");
        source.put("company", "");
        source.put("phone", null);
        source.put(null, "orphan");

        PropertyMap copy = PropertyMap.copyPresent(source);

        assertEquals(Map.of("jobtitle", "VP Marketing", "company", ""), copy);
        assertEquals(2, copy.size());
        assertNull(copy.get("phone"));
        assertFalse(copy.containsKey("phone"));
        assertNull(copy.get(null));
        assertNull(copy.get(42));
    }

    @Test
    void agreesWithAHashMapOnRandomNamesIncludingEqualHashes() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            Map<String, String> source = new HashMap<>();
            int size = random.nextInt(80);
            for (int i = 0; i < size; i++) {
                // "Aa" and "BB" share a hash code, so names built from them collide
                String name = random.nextBoolean() ? "p" + random.nextInt(500) : pairs(random);
                source.put(name, "v" + random.nextInt(1000));
            }

            PropertyMap copy = PropertyMap.copyPresent(source);

            assertEquals(source, copy);
            assertEquals(source.hashCode(), copy.hashCode());
            for (int i = 0; i < 50; i++) {
                String probe = random.nextBoolean() ? "p" + random.nextInt(1000) : pairs(random);
                // a name equal to a key but not the same instance, as names read from JSON are
                String fresh = new String(probe.toCharArray());
                assertEquals(source.get(probe), copy.get(fresh), probe);
            }
            Set<String> seen = new HashSet<>();
            copy.forEach((name, value) -> assertTrue(seen.add(name) && value.equals(source.get(name))));
            assertEquals(source.keySet(), seen);
        }
    }

    @Test
    void isImmutableAndNotCopiedTwice() {
        PropertyMap copy = PropertyMap.copyPresent(Map.of("country", "Canada"));

        assertThrows(UnsupportedOperationException.class, () -> copy.put("country", "France"));
        assertThrows(UnsupportedOperationException.class, () -> copy.entrySet().iterator().next().setValue("x"));
        assertSame(copy, PropertyMap.copyPresent(copy));
        assertTrue(PropertyMap.copyPresent(Map.of()).isEmpty());
    }

    @Test
    void smallCopiesDropNullsToo() {
        Map<String, String> source = new HashMap<>();
        source.put("hs_call_direction", "INBOUND");
        source.put("hs_call_status", null);

        assertEquals(Map.of("hs_call_direction", "INBOUND"), PropertyMap.copySmall(source));
        assertEquals(Map.of("hs_call_direction", "INBOUND"), PropertyMap.copySmall(Map.of("hs_call_direction", "INBOUND")));
    }

    private static String pairs(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            name.append(random.nextBoolean() ? "Aa" : "BB");
        }
        return name.toString();
    }
}
