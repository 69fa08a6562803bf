package io.hubscore.daemon.snapshot;

import java.util.function.Consumer;

/**
 * Progress of reading one object type, reported as a line each time another tenth of the expected total is read,
 * or every {@value #UNKNOWN_STEP} records when HubSpot gave no total. The total is an estimate (search counts lag and
 * records come and go while paging), so the percentage never goes past 100. Not thread-safe.
 */
final class Progress {

    static final long UNKNOWN_STEP = 1_000;

    private final String what;
    private final long total;
    private final Consumer<String> sink;
    private long done;
    private long reported;

    /** {@code total} below 0 when unknown. */
    Progress(String what, long total, Consumer<String> sink) {
        this.what = what;
        this.total = total;
        this.sink = sink;
    }

    void advance(long records) {
        done += records;
        if (total > 0) {
            long tenths = Math.min(10, done * 10 / total);
            if (tenths > reported) {
                reported = tenths;
                sink.accept(what + ": " + (tenths * 10) + "% (" + Math.min(done, total) + " of about " + total + ")");
            }
        } else if (done / UNKNOWN_STEP > reported) {
            reported = done / UNKNOWN_STEP;
            sink.accept(what + ": " + done + " read");
        }
    }

    /** Says how many were read in all, unless the last line already did. */
    void finish() {
        if (total <= 0 || reported < 10 || done != total) {
            sink.accept(what + ": done, " + done + " read");
        }
    }
}
