package io.hubscore.scoring.bench;

import java.util.Collection;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ScoringBenchmark} on one thread with the GC profiler (2 forks, 5 warm-up and 4 measured iterations
 * of 2 s each, for each of its two contact counts: about 80 s) and ends with one line: {@code
 * contacts_per_second=N bytes_allocated_per_contact=N cold_cache_contacts_per_second=N}. The first two are the
 * mean throughput and the bytes allocated per scored contact with the input in cache, as the daemon scores; the
 * last is the throughput when every contact's input must come from memory.
 */
public final class ScoringBenchmarkMain {

    private ScoringBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ScoringBenchmark.class.getName() + ".scoreOneContact")
                .threads(1)
                .forks(2)
                .warmupIterations(5)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(4)
                .measurementTime(TimeValue.seconds(2))
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        RunResult inCache = byContacts(results, "64");
        RunResult cold = byContacts(results, "4096");
        double bytes = Double.NaN;
        for (String name : inCache.getSecondaryResults().keySet()) {
            if (name.endsWith("gc.alloc.rate.norm")) {
                Result<?> allocation = inCache.getSecondaryResults().get(name);
                bytes = allocation.getScore();
            }
        }
        System.out.println("contacts_per_second=" + Math.round(inCache.getPrimaryResult().getScore())
                + " bytes_allocated_per_contact=" + Math.round(bytes)
                + " cold_cache_contacts_per_second=" + Math.round(cold.getPrimaryResult().getScore()));
    }

    private static RunResult byContacts(Collection<RunResult> results, String contacts) {
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            if (params.getThreads() != 1) {
                throw new IllegalStateException("expected one thread, ran " + params.getThreads());
            }
            if (contacts.equals(params.getParam("contacts"))) {
                return result;
            }
        }
        throw new IllegalStateException("no result for " + contacts + " contacts");
    }
}
