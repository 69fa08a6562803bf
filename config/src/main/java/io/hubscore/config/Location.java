package io.hubscore.config;

/** A place in a config file: 1-based line and column. */
record Location(int line, int column) {

    static final Location START = new Location(1, 1);

    /**
     * Where {@code path} (for example {@code model.rules[2].points}) stands in the file: its own location, else its
     * nearest enclosing key's, else the start of the file.
     */
    static Location of(String path, java.util.Map<String, Location> locations) {
        String p = path;
        while (!p.isEmpty()) {
            Location at = locations.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return START;
    }
}
