package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.config.BundledExamples;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.ledger.Outcomes;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.Shadows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubscore compare}'s conversion by band under both models and the gates that need it, on ledgers built
 * through the ledger's own stores: each model's band entries (the live model's fired transitions, the shadow's counted
 * changes), before and after the shadow started, and lifecycle stage entries. The expected figures are worked out
 * here from what each test put in, by the documented definition.
 */
class CompareConversionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final Instant START = Instant.parse("2027-01-04T09:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofDays(63));
    /** The window the tests' config sets: shorter than the shadow's run, so that some conversions come too late. */
    private static final long WINDOW = Duration.ofDays(30).toMillis();
    private static final List<String> BANDS = List.of("Hot", "Warm", "Cold");
    private static final String LIVE_FINGERPRINT = "1f".repeat(32);
    private static final String SHADOW_FINGERPRINT = "2e".repeat(32);

    @TempDir
    Path dir;

    /** A band entry as a test puts it in. */
    record Entry(long contact, String band, long at) {
    }

    /** What a test puts in: each model's band entries, the live model's held changes, and conversions. */
    static final class Market {
        final List<Entry> live = new ArrayList<>();
        final List<Entry> liveHeld = new ArrayList<>();
        final List<Entry> shadow = new ArrayList<>();
        final Map<Long, Long> converted = new HashMap<>();
    }

    /** A model's figures as worked out here: entered and converted per band, and for all bands together. */
    record Expected(Map<String, long[]> bands, long[] all, Set<Long> converters) {

        double lift(String band) {
            long[] b = bands.get(band);
            return ((double) b[1] / b[0]) / ((double) all[1] / all[0]);
        }
    }

    /**
     * A market of 600 contacts, 30% of them buyers, who convert far more often. The model that knows buyers puts most
     * of them, and few others, in Hot; the other model puts contacts in Hot at random. Contacts also move between
     * bands, come back to a band, entered a band before the shadow started, or converted before an entry or long after.
     */
    static Market market(boolean shadowKnowsBuyers, long seed) {
        Random random = new Random(seed);
        Market market = new Market();
        for (int i = 0; i < 600; i++) {
            long id = 1_000 + i;
            boolean buyer = random.nextDouble() < 0.3;
            String knowing = buyer ? (random.nextDouble() < 0.85 ? "Hot" : "Warm")
                    : (random.nextDouble() < 0.05 ? "Hot" : random.nextBoolean() ? "Warm" : "Cold");
            String blind = random.nextDouble() < 0.3 ? "Hot" : random.nextBoolean() ? "Warm" : "Cold";
            // when the contact shows up: both models see it then, each with its own bands
            long moment = START.toEpochMilli() + random.nextInt(40) * DAY + random.nextInt(24) * 3_600_000L;
            entries(random, id, shadowKnowsBuyers ? blind : knowing, moment, market.live);
            entries(random, id, shadowKnowsBuyers ? knowing : blind, moment, market.shadow);
            if (random.nextDouble() < 0.1) {
                market.liveHeld.add(new Entry(id, "Hot", moment + random.nextInt(10) * DAY));
            }
            if (random.nextDouble() < (buyer ? 0.6 : 0.08)) {
                // mostly within the window after the entries, now and then before them or too late
                long at = random.nextDouble() < 0.05 ? moment - 40 * DAY
                        : moment + (long) (random.nextDouble() * 45 * DAY);
                if (at < NOW.toEpochMilli()) {
                    market.converted.put(id, at);
                }
            }
        }
        return market;
    }

    /** One contact's entries under a model: into {@code band}, often after another band, sometimes again later. */
    private static void entries(Random random, long id, String band, long moment, List<Entry> into) {
        long at = moment + random.nextInt(72) * 3_600_000L;
        String other = BANDS.get((BANDS.indexOf(band) + 1 + random.nextInt(2)) % BANDS.size());
        if (random.nextDouble() < 0.1) {
            into.add(new Entry(id, band, START.toEpochMilli() - (1 + random.nextInt(20)) * DAY)); // before the start
        }
        double shape = random.nextDouble();
        if (shape < 0.25) {
            into.add(new Entry(id, other, at));
            at += (1 + random.nextInt(5)) * DAY;
        }
        into.add(new Entry(id, band, at));
        if (shape > 0.85) {
            at += (1 + random.nextInt(5)) * DAY;
            into.add(new Entry(id, other, at));
            into.add(new Entry(id, band, at + DAY)); // back into the band: it counts once
        }
    }

    /** {@link #expected(List, Map, long, long, long)} over this class's markets. */
    static Expected expected(List<Entry> entries, Map<Long, Long> converted) {
        return expected(entries, converted, START.toEpochMilli(), NOW.toEpochMilli(), WINDOW);
    }

    /**
     * The figures by the definition: of each contact's entries from {@code start} until {@code now}, those made
     * before it converted; per band the first into it, for all bands the first; converted within {@code window}.
     */
    static Expected expected(List<Entry> entries, Map<Long, Long> converted, long start, long now, long window) {
        Map<Long, List<Entry>> byContact = new TreeMap<>();
        entries.forEach(e -> byContact.computeIfAbsent(e.contact(), k -> new ArrayList<>()).add(e));
        Map<String, long[]> bands = new LinkedHashMap<>();
        BANDS.forEach(b -> bands.put(b, new long[2]));
        long[] all = new long[2];
        Set<Long> converters = new HashSet<>();
        byContact.forEach((contact, list) -> {
            Long conversion = converted.get(contact);
            Set<String> seen = new HashSet<>();
            boolean first = true;
            for (Entry e : list) {
                if (e.at() < start || e.at() >= now || conversion != null && conversion <= e.at()) {
                    continue;
                }
                boolean hit = conversion != null && conversion <= e.at() + window;
                if (seen.add(e.band())) {
                    bands.get(e.band())[0]++;
                    bands.get(e.band())[1] += hit ? 1 : 0;
                }
                if (first) {
                    all[0]++;
                    all[1] += hit ? 1 : 0;
                    first = false;
                }
                if (hit) {
                    converters.add(contact);
                }
            }
        });
        return new Expected(bands, all, converters);
    }

    /** A ledger holding {@code market}, the shadow started at {@link #START} with {@code shadowText} as its config. */
    private Path ledger(String name, Market market, String shadowText) {
        Path file = dir.resolve(name + ".db");
        try (Ledger ledger = Ledger.open(file)) {
            ledger.update(tx -> {
                tx.scores().releaseModel(new Scores.ModelVersion(LIVE_FINGERPRINT, "icp-agency-1", example(),
                        START.minus(Duration.ofDays(90)).toEpochMilli(), "live"));
                tx.shadows().start(new Shadows.Model(SHADOW_FINGERPRINT, "icp-agency-2", shadowText,
                        START.toEpochMilli()));
                Map<Long, String> last = new HashMap<>();
                for (Entry e : market.live) {
                    tx.scores().recordTransition(new Scores.Transition(e.contact(), last.getOrDefault(e.contact(),
                            "Cold"), e.band(), 30, LIVE_FINGERPRINT, e.at(), true, null, null));
                    last.put(e.contact(), e.band());
                }
                for (Entry e : market.liveHeld) {
                    tx.scores().recordTransition(new Scores.Transition(e.contact(), "Warm", e.band(), 31,
                            LIVE_FINGERPRINT, e.at(), false, "cooldown", "held"));
                }
                List<Shadows.Move> moves = new ArrayList<>();
                for (Entry e : market.shadow) {
                    moves.add(new Shadows.Move(e.contact(), SHADOW_FINGERPRINT, null, e.band(), e.at()));
                }
                tx.shadows().record(List.of(), moves);
                market.converted.forEach((id, at) -> {
                    // a lead first (not a conversion stage), then sales-qualified, and some go on to opportunity
                    tx.outcomes().observe(new Outcomes.Observed(id, "lead", Map.of("lead", at - 50 * DAY), null),
                            NOW.toEpochMilli());
                    tx.outcomes().observe(new Outcomes.Observed(id, "salesqualifiedlead", Map.of("salesqualifiedlead",
                            at), null), NOW.toEpochMilli());
                    if (id % 3 == 0) {
                        tx.outcomes().observe(new Outcomes.Observed(id, "opportunity", Map.of("opportunity",
                                at + 5 * DAY), null), NOW.toEpochMilli());
                    }
                });
            });
        }
        return file;
    }

    private static String example() {
        return BundledExamples.read("icp-agency.yaml");
    }

    private static String candidate() {
        return example().replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                .replace("      min: 30\n", "      min: 35\n");
    }

    /** The example config on {@code ledger}, with a 30-day window and a shadow section with {@code promoteWhen}. */
    private Path config(Path ledger, String promoteWhen, boolean outcomes) throws Exception {
        Path file = ReportCommands.config(dir, ledger);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String edited = outcomes ? text.replace("  window: 90d", "  window: 30d")
                : text.replaceAll("(?ms)^outcomes:.*?\\n\\n", "");
        assertFalse(edited.equals(text), "the example's outcomes section was edited");
        Path candidate = dir.resolve("candidate.yaml");
        Files.writeString(candidate, candidate(), StandardCharsets.UTF_8);
        Files.writeString(file, edited + "\nshadow:\n  config: " + candidate + "\n  promote-when:\n" + promoteWhen,
                StandardCharsets.UTF_8);
        return file;
    }

    private static JsonNode compare(Path config) throws Exception {
        ReportCommands cli = new ReportCommands();
        int exit = cli.run(Clock.fixed(NOW, ZoneOffset.UTC), "compare", "--config", config.toString(), "--json");
        assertEquals(0, exit, cli.err.toString());
        return ReportCommands.MAPPER.readTree(cli.out.toString());
    }

    private static JsonNode gate(JsonNode report, String prefix) {
        for (JsonNode gate : report.get("gates")) {
            if (gate.get("gate").asText().startsWith(prefix)) {
                return gate;
            }
        }
        throw new AssertionError("no gate " + prefix + " in " + report.get("gates"));
    }

    /** The number after {@code label} in a gate's detail. */
    private static double figure(JsonNode gate, String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(label)
                + " ([0-9.]+)").matcher(gate.get("detail").asText());
        assertTrue(m.find(), label + " in " + gate);
        return Double.parseDouble(m.group(1));
    }

    private static void assertFigures(Expected expected, JsonNode conversion, String model) {
        double allRate = (double) expected.all()[1] / expected.all()[0];
        assertEquals(expected.all()[0], conversion.at("/all/" + model + "/entered").asLong(), model + " all");
        assertEquals(expected.all()[1], conversion.at("/all/" + model + "/converted").asLong(), model + " all");
        Map<String, long[]> reported = new LinkedHashMap<>();
        for (JsonNode band : conversion.get("bands")) {
            JsonNode side = band.get(model);
            reported.put(band.get("band").asText(), new long[] {side.get("entered").asLong(),
                    side.get("converted").asLong()});
            double rate = (double) side.get("converted").asLong() / side.get("entered").asLong();
            assertEquals(rate, side.get("rate").asDouble(), 1e-4, model + " " + band);
            assertTrue(side.get("rate_low").asDouble() <= rate && rate <= side.get("rate_high").asDouble(),
                    model + " " + band);
            assertEquals(rate / allRate, side.get("lift").asDouble(), 1e-3, model + " " + band);
            assertEquals(side.get("rate_low").asDouble() / allRate, side.get("lift_low").asDouble(), 1e-3);
            assertEquals(side.get("rate_high").asDouble() / allRate, side.get("lift_high").asDouble(), 1e-3);
        }
        assertEquals(text(expected.bands()), text(reported), model);
    }

    private static String text(Map<String, long[]> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((band, c) -> text.append(band).append(": entered ").append(c[0]).append(", converted ")
                .append(c[1]).append('\n'));
        return text.toString();
    }

    @Test
    void aShadowWhoseTopBandConvertsBetterPassesTheLiftGateWithEachBandsFiguresUnderBothModels() throws Exception {
        Market market = market(true, 7L);
        Path config = config(ledger("better", market, candidate()), "    min-duration: 1d\n", true);
        Expected live = expected(market.live, market.converted);
        Expected shadow = expected(market.shadow, market.converted);
        assertTrue(shadow.lift("Hot") > live.lift("Hot") + 0.5, "the market is built for a clearly better shadow");

        JsonNode report = compare(config);

        JsonNode conversion = report.get("conversion");
        assertEquals(List.of("Hot", "Warm", "Cold"), report.get("conversion").findValuesAsText("band"));
        assertEquals(30, conversion.get("window_days").asLong());
        assertFigures(live, conversion, "live");
        assertFigures(shadow, conversion, "shadow");
        JsonNode lift = gate(report, "shadow lift not below live");
        assertTrue(lift.get("passed").asBoolean(), lift.toString());
        assertEquals(shadow.lift("Hot"), figure(lift, "shadow Hot lift"), 0.006);
        assertEquals(live.lift("Hot"), figure(lift, "live Hot lift"), 0.006);
        Set<Long> converters = new HashSet<>(live.converters());
        converters.addAll(shadow.converters());
        assertEquals(converters.size(), conversion.get("conversions").asLong());
        assertTrue(gate(report, "at least 30 conversions").get("passed").asBoolean(), "the default gate of 30");
        assertTrue(report.get("ready").asBoolean(), report.get("gates").toString());
    }

    @Test
    void theTextShowsEachBandUnderBothModelsAndTheGates() throws Exception {
        Market market = market(true, 7L);
        Path config = config(ledger("text", market, candidate()), "    min-duration: 1d\n", true);
        Expected live = expected(market.live, market.converted);
        Expected shadow = expected(market.shadow, market.converted);
        ReportCommands cli = new ReportCommands();

        assertEquals(0, cli.run(Clock.fixed(NOW, ZoneOffset.UTC), "compare", "--config", config.toString()),
                cli.err.toString());

        for (String band : BANDS) {
            cli.line("  " + band + "\\s+live\\s+" + live.bands().get(band)[0] + "\\s+" + live.bands().get(band)[1]
                    + "\\s+.*");
            cli.line("  " + band + "\\s+shadow\\s+" + shadow.bands().get(band)[0] + "\\s+"
                    + shadow.bands().get(band)[1] + "\\s+.*");
        }
        cli.line("  all\\s+live\\s+" + live.all()[0] + "\\s+" + live.all()[1] + "\\s+.*1\\.00");
        cli.line("Conversion by band since the shadow started \\(a conversion: entering salesqualifiedlead, "
                + "opportunity, customer within 30 days of a band entry\\):");
        cli.line("  PASS  shadow lift not below live: shadow Hot lift .*, live Hot lift .*");
        cli.line("  PASS  at least 30 conversions since the start: [0-9,]+ contacts converted within 30 days of a "
                + "band entry under either model");
        cli.line("  PASS  ran at least 1d: ran 63d 00h");
        cli.line("Ready to promote: every gate passed.");
    }

    @Test
    void aShadowWhoseTopBandConvertsWorseFailsTheLiftGate() throws Exception {
        Market market = market(false, 11L);
        Path config = config(ledger("worse", market, candidate()), "    min-duration: 1d\n", true);
        Expected live = expected(market.live, market.converted);
        Expected shadow = expected(market.shadow, market.converted);
        assertTrue(live.lift("Hot") > shadow.lift("Hot") + 0.5, "the market is built for a clearly worse shadow: live "
                + live.lift("Hot") + ", shadow " + shadow.lift("Hot"));

        JsonNode report = compare(config);

        assertFigures(live, report.get("conversion"), "live");
        assertFigures(shadow, report.get("conversion"), "shadow");
        JsonNode lift = gate(report, "shadow lift not below live");
        assertFalse(lift.get("passed").asBoolean(), lift.toString());
        assertEquals(shadow.lift("Hot"), figure(lift, "shadow Hot lift"), 0.006);
        assertEquals(live.lift("Hot"), figure(lift, "live Hot lift"), 0.006);
        assertFalse(report.get("ready").asBoolean());
    }

    @Test
    void minConversionsPassesAtExactlyItsFigureAndFailsOneAbove() throws Exception {
        Market market = market(true, 13L);
        Path ledger = ledger("boundary", market, candidate());
        Set<Long> converters = new HashSet<>(expected(market.live, market.converted).converters());
        converters.addAll(expected(market.shadow, market.converted).converters());
        int n = converters.size();
        assertTrue(n > 0 && n < market.converted.size(), "some conversions count and some do not: " + n + " of "
                + market.converted.size());

        JsonNode atN = compare(config(ledger, "    min-conversions: " + n + "\n", true));
        JsonNode aboveN = compare(config(ledger, "    min-conversions: " + (n + 1) + "\n", true));

        JsonNode pass = gate(atN, "at least " + n + " conversions");
        assertTrue(pass.get("passed").asBoolean(), pass.toString());
        assertTrue(pass.get("detail").asText().startsWith(String.format(Locale.ROOT, "%,d contacts converted", n)));
        JsonNode fail = gate(aboveN, "at least " + (n + 1) + " conversions");
        assertFalse(fail.get("passed").asBoolean(), fail.toString());
        assertTrue(fail.get("detail").asText().startsWith(String.format(Locale.ROOT, "%,d contacts converted", n)));
    }

    @Test
    void withoutAnOutcomesSectionConversionIsNotMeasuredAndItsGatesFailSayingSo() throws Exception {
        Market market = market(true, 7L);
        Path config = config(ledger("no-outcomes", market, candidate()), "    min-duration: 1d\n", false);

        JsonNode report = compare(config);
        ReportCommands cli = new ReportCommands();
        assertEquals(0, cli.run(Clock.fixed(NOW, ZoneOffset.UTC), "compare", "--config", config.toString()));

        assertTrue(report.get("conversion").isNull(), report.get("conversion").toString());
        String why = "no outcomes section in the config: conversion is not measured";
        for (String name : List.of("at least 30 conversions", "shadow lift not below live")) {
            assertFalse(gate(report, name).get("passed").asBoolean());
            assertEquals(why, gate(report, name).get("detail").asText());
        }
        assertFalse(report.get("ready").asBoolean());
        cli.line("Conversion by band: " + why + "\\.");
        cli.line("  FAIL  shadow lift not below live: " + why);
    }

    @Test
    void withoutEntriesOrConversionsTheLiftGateFailsForLackOfData() throws Exception {
        Market noConversions = market(true, 7L);
        noConversions.converted.clear();
        Market noShadowHot = market(true, 7L);
        noShadowHot.shadow.removeIf(e -> e.band().equals("Hot"));

        JsonNode none = compare(config(ledger("none", noConversions, candidate()), "    min-duration: 1d\n", true));
        JsonNode noHot = compare(config(ledger("no-hot", noShadowHot, candidate()), "    min-duration: 1d\n", true));

        assertEquals("not enough data: no contact converted after a band entry under the live model; no contact "
                + "converted after a band entry under the shadow model since the start",
                gate(none, "shadow lift not below live").get("detail").asText());
        assertEquals(0, none.at("/conversion/conversions").asLong());
        assertTrue(none.at("/conversion/bands/0/live/lift").isNull(), "no lift without a conversion");
        JsonNode gate = gate(noHot, "shadow lift not below live");
        assertFalse(gate.get("passed").asBoolean());
        assertEquals("not enough data: no contact entered the shadow top band Hot since the start",
                gate.get("detail").asText());
        assertEquals(0, noHot.at("/conversion/bands/0/shadow/entered").asLong());
    }

    @Test
    void aShadowConfigTheLedgerKeepsButThatCannotBeReadFailsTheLiftGateAndStillCountsEntries() throws Exception {
        Market market = market(true, 7L);
        Path config = config(ledger("unreadable", market, "model: [not, a, model]\n"), "    min-duration: 1d\n",
                true);

        JsonNode report = compare(config);

        JsonNode gate = gate(report, "shadow lift not below live");
        assertFalse(gate.get("passed").asBoolean());
        assertTrue(gate.get("detail").asText().startsWith("not enough data: the shadow model's config, as the ledger "
                + "keeps it, cannot be read: "), gate.toString());
        assertTrue(report.at("/conversion/shadow_top_band").isNull());
        assertFigures(expected(market.shadow, market.converted), report.get("conversion"), "shadow");
    }

    @Test
    void onTheLedgerOfADaemonThatRanAShadowThroughWeeksOfAMarketTheFiguresAreTheLedgersContactByContact()
            throws Exception {
        MarketRun market = MarketRun.play(dir, 1000, 29L, 8, text -> {
            Path candidate = dir.resolve("candidate.yaml");
            try {
                Files.writeString(candidate, text.replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                        .replace("      min: 30\n", "      min: 35\n"), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return text + "\nshadow:\n  config: " + candidate + "\n";
        });
        long start;
        List<Entry> live = new ArrayList<>();
        List<Entry> shadow = new ArrayList<>();
        Map<Long, Long> converted = new HashMap<>();
        try (Ledger ledger = Ledger.openReadOnly(market.ledger())) {
            start = LedgerSql.number(ledger, "SELECT started_at FROM shadow_models");
            LedgerSql.rows(ledger, "SELECT contact_id, to_band, at FROM transitions WHERE fired = 1 ORDER BY seq")
                    .forEach(r -> live.add(new Entry(Long.parseLong(r.get(0)), r.get(1), Long.parseLong(r.get(2)))));
            LedgerSql.rows(ledger, "SELECT contact_id, to_band, at FROM shadow_transitions ORDER BY seq")
                    .forEach(r -> shadow.add(new Entry(Long.parseLong(r.get(0)), r.get(1), Long.parseLong(r.get(2)))));
            LedgerSql.rows(ledger, "SELECT contact_id, MIN(entered_at) FROM stage_entries WHERE stage IN "
                    + "('salesqualifiedlead', 'opportunity', 'customer') GROUP BY contact_id")
                    .forEach(r -> converted.put(Long.parseLong(r.get(0)), Long.parseLong(r.get(1))));
        }
        long now = market.clock().millis();
        long window = Duration.ofDays(90).toMillis();
        Expected expectedLive = expected(live, converted, start, now, window);
        Expected expectedShadow = expected(shadow, converted, start, now, window);
        ReportCommands cli = new ReportCommands();

        assertEquals(0, cli.run(Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC), "compare", "--config",
                market.config().toString(), "--json"), cli.err.toString());

        JsonNode report = ReportCommands.MAPPER.readTree(cli.out.toString());
        JsonNode conversion = report.get("conversion");
        assertTrue(expectedLive.all()[1] > 0 && expectedShadow.all()[1] > 0, "contacts converted under both models");
        assertFigures(expectedLive, conversion, "live");
        assertFigures(expectedShadow, conversion, "shadow");
        Set<Long> converters = new HashSet<>(expectedLive.converters());
        converters.addAll(expectedShadow.converters());
        assertEquals(converters.size(), conversion.get("conversions").asLong());
        JsonNode lift = gate(report, "shadow lift not below live");
        assertEquals(expectedShadow.lift("Hot"), figure(lift, "shadow Hot lift"), 0.006);
        assertEquals(expectedLive.lift("Hot"), figure(lift, "live Hot lift"), 0.006);
        assertEquals(conversion.at("/bands/0/shadow/lift").asDouble() >= conversion.at("/bands/0/live/lift")
                .asDouble(), lift.get("passed").asBoolean(), lift.toString());
    }
}
