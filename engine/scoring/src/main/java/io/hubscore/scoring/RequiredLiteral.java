package io.hubscore.scoring;

/**
 * Finds text that every match of a regular expression must contain, so a value without it can be turned
 * down without running the expression. Conservative: it reads only literal runs at the top level of the
 * expression (outside groups, classes and escapes, less a char a quantifier makes optional) and gives up on
 * anything it does not follow, such as an alternative at the top level, a quoted span or the comments flag.
 * Also says whether an expression may run without Unicode case folding on ASCII values. Stateless.
 */
final class RequiredLiteral {

    private static final String SPECIAL = "\\^$.|?*+()[]{}";
    /** The letter escapes this reading follows: each stands for one ASCII char or none (a boundary). */
    private static final String FOLLOWED_ESCAPES = "bBdDsSwW";

    private RequiredLiteral() {
    }

    /**
     * Whether an expression matches ASCII text case-insensitively the same way with and without Unicode case
     * folding: its source is ASCII, and its only letter or digit escapes are {@code \b \B \d \D \s \S
     * \w \W}, which cannot name a non-ASCII char or a Unicode class.
     */
    static boolean asciiOnly(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c >= 128) {
                return false;
            }
            if (c == '\\' && i + 1 < regex.length() && !followedEscape(regex.charAt(++i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean followedEscape(char c) {
        return !Character.isLetterOrDigit(c) || FOLLOWED_ESCAPES.indexOf(c) >= 0;
    }

    /**
     * The longest literal run of at least three chars every match contains, folded to lower case; null when
     * there is none or the expression is beyond this reading.
     */
    static String of(String regex) {
        String best = null;
        StringBuilder run = new StringBuilder();
        int n = regex.length();
        for (int i = 0; i < n; i++) {
            char c = regex.charAt(i);
            if (SPECIAL.indexOf(c) < 0) {
                run.append(c);
                continue;
            }
            switch (c) {
                case '*', '?', '+', '{' -> {
                    // the quantifier makes the char before it optional or repeated: it ends the run
                    if (run.length() > 0) {
                        run.setLength(run.length() - 1);
                    }
                    best = longer(best, run);
                    run.setLength(0);
                    if (c == '{') {
                        int close = regex.indexOf('}', i);
                        if (close < 0) {
                            return null;
                        }
                        i = close;
                    }
                    while (i + 1 < n && (regex.charAt(i + 1) == '?' || regex.charAt(i + 1) == '+')) {
                        i++;
                    }
                }
                case '(' -> {
                    best = longer(best, run);
                    run.setLength(0);
                    if (regex.startsWith("(?", i) && flagsHaveComments(regex, i + 2)) {
                        return null;
                    }
                    i = skipGroup(regex, i);
                    if (i < 0) {
                        return null;
                    }
                }
                case '[' -> {
                    best = longer(best, run);
                    run.setLength(0);
                    i = skipClass(regex, i);
                    if (i < 0) {
                        return null;
                    }
                }
                case '\\' -> {
                    // only escapes of one char after the backslash are followed: \b \d \s \w, their negations,
                    // and escaped punctuation
                    if (i + 1 < n && !followedEscape(regex.charAt(i + 1))) {
                        return null;
                    }
                    best = longer(best, run);
                    run.setLength(0);
                    i++;
                }
                case '|' -> {
                    return null;
                }
                default -> {
                    // . ^ $ ) ] } end the run
                    best = longer(best, run);
                    run.setLength(0);
                }
            }
        }
        best = longer(best, run);
        return best == null || best.length() < 3 ? null : Text.fold(best);
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() > (best == null ? 0 : best.length()) ? run.toString() : best;
    }

    /** Whether the inline flags starting at {@code from} (as in {@code (?ix)} or {@code (?x:...)}) turn on comments. */
    private static boolean flagsHaveComments(String regex, int from) {
        for (int i = from; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == ')' || c == ':') {
                return false;
            }
            if (c == 'x') {
                return true;
            }
            if (!Character.isLetter(c) && c != '-') {
                return false;
            }
        }
        return false;
    }

    /** The index of the parenthesis closing the group opened at {@code open}, or -1. */
    private static int skipGroup(String regex, int open) {
        int depth = 0;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
                    return -1;
                }
                i++;
            } else if (c == '[') {
                i = skipClass(regex, i);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the bracket closing the class opened at {@code open} (classes may nest), or -1. */
    private static int skipClass(String regex, int open) {
        int depth = 0;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
                    return -1;
                }
                i++;
            } else if (c == '[') {
                depth++;
                // a ] right after [ or [^ is a literal
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
