package io.hubscore.config;

/** A place in a config file: 1-based line and column. */
record Location(int line, int column) {

    static final Location START = new Location(1, 1);
}
