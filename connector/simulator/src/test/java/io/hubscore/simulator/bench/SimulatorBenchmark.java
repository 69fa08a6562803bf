package io.hubscore.simulator.bench;

import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The {@code bench-simulator} benchmark: starts the simulator with 100,000 generated contacts and rate
 * limits off, has 8 concurrent clients page through the contact list 100 at a time, and prints one line
 * {@code simulator_requests_per_second=N startup_seconds=S heap_mb=H}: pages served per second during the
 * measurement window, the time to generate the portal and start the server, and the larger of the live
 * heap (after a full GC) once started and after the run. Bounded in time (warm-up plus measurement) and
 * talks only to 127.0.0.1. The profile runs it with a 1 GiB heap cap, so a portal that did not fit would
 * fail rather than report.
 */
public final class SimulatorBenchmark {

    private static final int CONTACTS = 100_000;
    private static final int CLIENTS = 8;
    private static final long WARMUP_MS = 4_000;
    private static final long MEASURE_MS = 10_000;
    private static final byte[] AFTER = "\"after\":\"".getBytes(StandardCharsets.US_ASCII);

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long startupStart = System.nanoTime();
        Portal portal = Portal.generate(CONTACTS, 42L, Clock.systemUTC());
        PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults().withoutRateLimits()
                .withToken("bench-token").withClock(Clock.systemUTC()), portal);
        double startupSeconds = (System.nanoTime() - startupStart) / 1e9;
        System.gc();
        long heapBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        OkHttpClient client = new OkHttpClient.Builder().connectionPool(new ConnectionPool(CLIENTS * 2, 1, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false).build();
        String base = simulator.baseUrl() + "/crm/v3/objects/contacts?limit=100";
        long measureFrom = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARMUP_MS);
        long measureUntil = measureFrom + TimeUnit.MILLISECONDS.toNanos(MEASURE_MS);
        LongAdder served = new LongAdder();
        LongAdder failed = new LongAdder();
        long[] cpuAtFrom = {-1, 0};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread thread = new Thread(() -> pageUntil(client, base, measureFrom, measureUntil, served, failed,
                    cpuAtFrom),
                    "bench-client-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = MEASURE_MS / 1000.0;
        reportCpuShare(cpuAtFrom);
        System.gc();
        long heapAfterBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        simulator.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        if (failed.sum() > 0) {
            System.err.println("bench-simulator: " + failed.sum() + " requests failed");
        }
        System.out.printf("simulator_requests_per_second=%d startup_seconds=%.2f heap_mb=%d%n",
                Math.round(served.sum() / seconds), startupSeconds,
                Math.max(heapBytes, heapAfterBytes) / (1024 * 1024));
    }

    /**
     * One client: pages through the contact list again and again until {@code until}, counting the pages
     * that completed between {@code from} and {@code until}.
     */
    private static void pageUntil(OkHttpClient client, String base, long from, long until, LongAdder served,
            LongAdder failed, long[] cpuAtFrom) {
        String after = null;
        while (System.nanoTime() < until) {
            Request request = new Request.Builder().url(after == null ? base : base + "&after=" + after)
                    .header("Authorization", "Bearer bench-token").build();
            try (Response response = client.newCall(request).execute()) {
                byte[] body = response.body().bytes();
                if (response.code() != 200) {
                    failed.increment();
                    continue;
                }
                after = nextCursor(body);
                long now = System.nanoTime();
                if (now >= from && now < until) {
                    served.increment();
                    synchronized (cpuAtFrom) {
                        if (cpuAtFrom[0] < 0) {
                            cpuAtFrom[0] = processCpuNanos();
                            cpuAtFrom[1] = now;
                        }
                    }
                }
            } catch (IOException e) {
                failed.increment();
            }
        }
    }

    /** The {@code paging.next.after} cursor of a list page (it is near the end), or null on the last page. */
    private static String nextCursor(byte[] body) {
        for (int at = body.length - AFTER.length; at >= 0; at--) {
            if (body[at] == '"' && Arrays.equals(body, at, at + AFTER.length, AFTER, 0, AFTER.length)) {
                int from = at + AFTER.length;
                int to = from;
                while (body[to] != '"') {
                    to++;
                }
                return new String(body, from, to - from, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /**
     * Says on stderr when the process got clearly less CPU than the machine has during the measurement
     * (other work on the machine), because the figures are then lower than the simulator can do.
     */
    private static void reportCpuShare(long[] cpuAtFrom) {
        if (cpuAtFrom[0] < 0) {
            return;
        }
        double cores = (processCpuNanos() - cpuAtFrom[0]) / (double) (System.nanoTime() - cpuAtFrom[1]);
        int available = Runtime.getRuntime().availableProcessors();
        if (cores < 0.8 * available) {
            System.err.printf("bench-simulator: the benchmark used %.2f of %d CPUs while measuring (the machine is "
                    + "busy with other work), so the figures below understate the simulator%n", cores, available);
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
