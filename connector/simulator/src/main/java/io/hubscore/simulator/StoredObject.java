package io.hubscore.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * A CRM object held by the portal: its current state, the (possibly older) state the search index
 * shows, and its associations to other objects by type. Thread-safe: the state is published through
 * a volatile field, everything else is guarded by this object's monitor. The search view is null while
 * a newly created object is not yet indexed.
 */
final class StoredObject {

    private record Pending(Instant visibleAt, ObjectState state) {
    }

    /** The UTF-8 JSON of one state with one list of property names, kept because list pages repeat it. */
    private record CachedJson(ObjectState state, List<String> names, byte[] json) {
    }

    final ObjectType type;
    final long id;
    private volatile ObjectState state;
    private volatile ObjectState indexed;
    private volatile ArrayDeque<Pending> pending;
    /** Associated ids by {@link ObjectType#ordinal()}, each sorted ascending; null until the first link. */
    private long[][] links;
    private volatile CachedJson cachedJson;

    /** An object indexed from the start (generated or loaded data). */
    StoredObject(ObjectType type, ObjectState initial) {
        this.type = type;
        this.id = initial.id();
        this.state = initial;
        this.indexed = initial;
    }

    /** An object created now, visible to search after {@code lag}. */
    StoredObject(ObjectType type, ObjectState initial, Instant now, Duration lag) {
        this.type = type;
        this.id = initial.id();
        this.state = initial;
        if (lag.isZero()) {
            this.indexed = initial;
        } else {
            this.pending = new ArrayDeque<>();
            this.pending.add(new Pending(now.plus(lag), initial));
        }
    }

    ObjectState state() {
        return state;
    }

    /**
     * The v3 JSON (UTF-8) of {@code state} (a state of this object) with these properties, without
     * associations. The last answer is kept, so paging through the same properties again re-encodes nothing; the
     * caller must not modify the array.
     */
    byte[] json(ObjectState state, List<String> names) {
        CachedJson cached = cachedJson;
        if (cached != null && cached.state() == state && (cached.names() == names || cached.names().equals(names))) {
            return cached.json();
        }
        byte[] json = ObjectJson.toJson(state, names);
        cachedJson = new CachedJson(state, names, json);
        return json;
    }

    /** Replaces the current state; search sees the new one {@code lag} after {@code now}. */
    synchronized void replace(ObjectState next, Instant now, Duration lag) {
        state = next;
        if (lag.isZero() && (pending == null || pending.isEmpty())) {
            indexed = next;
            return;
        }
        if (pending == null) {
            pending = new ArrayDeque<>();
        }
        pending.add(new Pending(now.plus(lag), next));
    }

    /** What the search index holds for this object at {@code now}; null if not indexed yet. */
    ObjectState searchView(Instant now) {
        if (pending == null) {
            return indexed;
        }
        synchronized (this) {
            while (pending != null && !pending.isEmpty() && !pending.peekFirst().visibleAt().isAfter(now)) {
                indexed = pending.pollFirst().state();
            }
            return indexed;
        }
    }

    synchronized void link(ObjectType to, long toId) {
        if (links == null) {
            links = new long[ObjectType.values().length][];
        }
        long[] ids = links[to.ordinal()];
        if (ids == null) {
            links[to.ordinal()] = new long[] {toId};
            return;
        }
        int at = Arrays.binarySearch(ids, toId);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        long[] grown = new long[ids.length + 1];
        System.arraycopy(ids, 0, grown, 0, insert);
        grown[insert] = toId;
        System.arraycopy(ids, insert, grown, insert + 1, ids.length - insert);
        links[to.ordinal()] = grown;
    }

    synchronized void unlink(ObjectType to, long toId) {
        long[] ids = links == null ? null : links[to.ordinal()];
        int at = ids == null ? -1 : Arrays.binarySearch(ids, toId);
        if (at < 0) {
            return;
        }
        long[] shrunk = new long[ids.length - 1];
        System.arraycopy(ids, 0, shrunk, 0, at);
        System.arraycopy(ids, at + 1, shrunk, at, ids.length - at - 1);
        links[to.ordinal()] = shrunk.length == 0 ? null : shrunk;
    }

    /** A copy of the ids of associated objects of type {@code to}, ascending. */
    synchronized long[] linked(ObjectType to) {
        long[] ids = links == null ? null : links[to.ordinal()];
        return ids == null ? new long[0] : ids.clone();
    }
}
