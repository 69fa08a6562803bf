package io.hubscore.scoring;

import java.util.List;

/** Text forms for the canonical serialization of a model, the input of its fingerprint. Stateless. */
final class Canonical {

    private Canonical() {
    }

    /** A string in double quotes with backslash, quote and control characters escaped: unambiguous. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    static String list(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            s.append(i == 0 ? "" : ",").append(quote(values.get(i)));
        }
        return s.append(']').toString();
    }
}
