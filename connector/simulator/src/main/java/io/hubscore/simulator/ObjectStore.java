package io.hubscore.simulator;

import java.util.Collection;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All objects of one type, keyed by numeric id so paging by id is cheap, plus the id sequence for new
 * ones. Thread-safe.
 */
final class ObjectStore {

    final ObjectType type;
    private final ConcurrentSkipListMap<Long, StoredObject> objects = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId;

    ObjectStore(ObjectType type, long firstId) {
        this.type = type;
        this.nextId = new AtomicLong(firstId);
    }

    long allocateId() {
        return nextId.getAndIncrement();
    }

    /** Allocates an id at least {@code step} past the previous one (generated portals leave gaps, as real ones do). */
    long allocateId(int step) {
        return nextId.getAndAdd(step);
    }

    void put(StoredObject object) {
        objects.put(object.id, object);
        nextId.accumulateAndGet(object.id + 1, Math::max);
    }

    /** The object, or null. */
    StoredObject get(long id) {
        return objects.get(id);
    }

    StoredObject remove(long id) {
        return objects.remove(id);
    }

    NavigableMap<Long, StoredObject> from(long idInclusive) {
        return objects.tailMap(idInclusive, true);
    }

    Collection<StoredObject> all() {
        return objects.values();
    }

    int size() {
        return objects.size();
    }
}
