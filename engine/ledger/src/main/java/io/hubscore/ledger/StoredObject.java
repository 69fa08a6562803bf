package io.hubscore.ledger;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A property map read from the ledger's JSON text and parsed when it is first used, not when its row is read: a
 * preview reads pages of contacts on the ledger's thread and scores them on another, so the parsing moves to the
 * thread that has the time for it. Equal to any map with the same entries. Thread-safe: the parse happens once, under
 * the map's lock. Text that is not in the ledger's format throws {@link LedgerException} at first use.
 */
final class StoredObject extends AbstractMap<String, String> {

    private String json;
    private Supplier<String> where;
    private Map<String, String> parsed;

    StoredObject(String json, Supplier<String> where) {
        this.json = json;
        this.where = where;
    }

    private synchronized Map<String, String> parsed() {
        if (parsed == null) {
            parsed = StoredJson.object(json, where);
            json = null;
            where = null;
        }
        return parsed;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public String get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }
}
