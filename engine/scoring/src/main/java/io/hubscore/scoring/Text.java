package io.hubscore.scoring;

/**
 * Case-insensitive text comparison without allocation. Two texts are equal ignoring case when every pair of
 * chars folds to the same char, folding being {@code Character.toLowerCase(Character.toUpperCase(c))}.
 * Model values are folded once when the model is compiled; contact values are folded char by char while
 * comparing. Stateless and thread-safe.
 */
final class Text {

    private Text() {
    }

    static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** The folded form of a model value. */
    static String fold(String s) {
        char[] chars = new char[s.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = fold(s.charAt(i));
        }
        return new String(chars);
    }

    /** Whether {@code value[from, to)} equals the folded text {@code folded}, ignoring case. */
    static boolean equalsFolded(String value, int from, int to, char[] folded) {
        if (to - from != folded.length) {
            return false;
        }
        for (int i = from, j = 0; i < to; i++, j++) {
            if (fold(value.charAt(i)) != folded[j]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} contains the folded text {@code folded}, ignoring case. */
    static boolean containsFolded(String value, String folded) {
        int n = folded.length();
        if (n == 0) {
            return true;
        }
        char first = folded.charAt(0);
        for (int i = 0, last = value.length() - n; i <= last; i++) {
            if (fold(value.charAt(i)) == first && regionEqualsFolded(value, i + 1, folded, 1, n - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} starts with the folded text {@code folded}, ignoring case. */
    static boolean startsWithFolded(String value, String folded) {
        return value.length() >= folded.length() && regionEqualsFolded(value, 0, folded, 0, folded.length());
    }

    /** Whether {@code value} ends with the folded text {@code folded}, ignoring case. */
    static boolean endsWithFolded(String value, String folded) {
        int from = value.length() - folded.length();
        return from >= 0 && regionEqualsFolded(value, from, folded, 0, folded.length());
    }

    private static boolean regionEqualsFolded(String value, int from, String folded, int foldedFrom, int length) {
        for (int k = 0; k < length; k++) {
            if (fold(value.charAt(from + k)) != folded.charAt(foldedFrom + k)) {
                return false;
            }
        }
        return true;
    }

    /** The hash of {@code value[from, to)} as folded, equal to {@code folded.hashCode()} for an equal text. */
    static int foldedHash(String value, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + fold(value.charAt(i));
        }
        return h;
    }
}
