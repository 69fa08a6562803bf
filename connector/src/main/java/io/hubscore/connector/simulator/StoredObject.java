package io.hubscore.connector.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A CRM object held by the portal: its current state, the (possibly older) state the search index
 * shows, and its associations to other objects by type. Thread-safe: the state is published through
 * a volatile field, everything else is guarded by this object's monitor. The search view is null while
 * a newly created object is not yet indexed.
 */
final class StoredObject {

    private record Pending(Instant visibleAt, ObjectState state) {
    }

    final ObjectType type;
    final long id;
    private volatile ObjectState state;
    private ObjectState indexed;
    private ArrayDeque<Pending> pending;
    private final Map<ObjectType, NavigableSet<Long>> links = new EnumMap<>(ObjectType.class);

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
        links.computeIfAbsent(to, t -> new TreeSet<>()).add(toId);
    }

    synchronized void unlink(ObjectType to, long toId) {
        NavigableSet<Long> set = links.get(to);
        if (set != null) {
            set.remove(toId);
        }
    }

    /** A copy of the ids of associated objects of type {@code to}, ascending. */
    synchronized long[] linked(ObjectType to) {
        NavigableSet<Long> set = links.get(to);
        if (set == null || set.isEmpty()) {
            return new long[0];
        }
        long[] ids = new long[set.size()];
        int i = 0;
        for (Long id : set) {
            ids[i++] = id;
        }
        return ids;
    }
}
