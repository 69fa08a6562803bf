package io.hubscore.engine.scoring.bench;

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
 * of 2 s each: about 40 s) and ends with one line: {@code contacts_per_second=N bytes_allocated_per_contact=N}, the
 * mean throughput over the measured iterations and the bytes allocated per scored contact.
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
        RunResult result = new Runner(options).runSingle();
        double perSecond = result.getPrimaryResult().getScore();
        double bytes = Double.NaN;
        for (String name : result.getSecondaryResults().keySet()) {
            if (name.endsWith("gc.alloc.rate.norm")) {
                Result<?> allocation = result.getSecondaryResults().get(name);
                bytes = allocation.getScore();
            }
        }
        BenchmarkParams params = result.getParams();
        if (params.getThreads() != 1) {
            throw new IllegalStateException("expected one thread, ran " + params.getThreads());
        }
        System.out.println("contacts_per_second=" + Math.round(perSecond)
                + " bytes_allocated_per_contact=" + Math.round(bytes));
    }
}
