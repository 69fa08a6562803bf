package io.hubscore.cli;

import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Checkpoints;
import io.hubscore.ledger.CompletenessChecks;
import io.hubscore.ledger.Conflicts;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Outbox;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.RateState;
import io.hubscore.ledger.Runs;
import io.hubscore.ledger.Scores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore status}: what one portal's daemon has done and is waiting on, read from its ledger without
 * its lock (so it works while the daemon runs). Not thread-safe (one instance per invocation).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        header = "Shows a portal's sync state from its ledger.",
        description = {
            "Shows a portal's sync state from its ledger: checkpoints, backlog, outbox, parked writes, conflicts,",
            "last job runs, model version, bands, transitions, pause and auth state, rate budget used today, what",
            "HubSpot's rate-limit headers last said, this daemon's calls today, the backfills scoring waits for",
            "and the last completeness check of each stream.",
            "Works while the daemon runs. Exit 0, or 2 when the config is invalid or the ledger does not exist."
        })
final class StatusCommand implements Callable<Integer> {

    /** How many parked writes and conflicts are listed, latest first. */
    static final int LATEST = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions options = new LedgerOptions();

    /**
     * The clock "today" and "paused" are measured on. Null until set: {@link #call()}, the composition root,
     * then wires the system clock; tests set a fixed one.
     */
    Clock clock;

    /** Everything the report shows, read in one snapshot of the ledger. */
    private record Snapshot(
            List<Checkpoints.Checkpoint> checkpoints,
            Contacts.Counts contacts,
            Outbox.Counts outbox,
            List<Outbox.Row> parked,
            long openConflicts,
            List<Conflicts.Conflict> conflicts,
            List<Runs.Run> runs,
            Optional<Scores.ModelVersion> model,
            Map<String, Long> bands,
            Scores.TransitionCounts transitions,
            Map<PortalState.Key, PortalState.Value> state,
            Optional<RateState.Reported> reported,
            Optional<RateState.BudgetUsed> budgetUsed,
            Optional<RateState.DailyCalls> dailyCalls,
            List<CompletenessChecks.Check> completeness) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LedgerOptions.Opened opened = options.open("status", System::getenv);
        if (opened instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Ready ready = (LedgerOptions.Opened.Ready) opened;
        Instant now = (clock != null ? clock : Clock.systemUTC()).instant();
        ZoneId zone = ready.config().portal().timeZone();
        long startOfToday = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
        Snapshot snapshot;
        try (Ledger ledger = ready.ledger()) {
            snapshot = ledger.read(tx -> new Snapshot(
                    tx.checkpoints().all(),
                    tx.contacts().counts(),
                    tx.outbox().counts(),
                    tx.outbox().latestParked(LATEST),
                    tx.conflicts().openCount(),
                    tx.conflicts().latestOpen(LATEST),
                    tx.runs().lastOfEachJob(),
                    tx.scores().latestModel(),
                    tx.scores().bandCounts(),
                    tx.scores().transitionCounts(startOfToday),
                    tx.portalState().all(),
                    tx.rateState().reported(),
                    tx.rateState().budgetUsed(),
                    tx.rateState().dailyCalls(),
                    tx.completeness().all()));
        } catch (LedgerException e) {
            err.println("hubscore status: " + e.getMessage());
            err.flush();
            return ExitCodes.UNEXPECTED;
        }
        if (options.json) {
            out.println(json(ready.config(), ready.ledgerFile(), now, snapshot));
        } else {
            text(out, ready.config(), ready.ledgerFile(), now, snapshot);
        }
        out.flush();
        return ExitCodes.OK;
    }

    // ---- text ----

    private static void text(PrintWriter out, SyncConfig config, Path ledgerFile, Instant now, Snapshot s) {
        out.println("hubscore status of portal " + config.portal().id() + " (ledger " + ledgerFile + ") at " + now);
        out.println();
        TextTable summary = new TextTable("");
        summary.row("Model:", s.model().map(m -> m.version() + " (fingerprint " + m.fingerprint() + ", released "
                + Formats.instant(m.releasedAt()) + (m.note() == null ? "" : ", note: " + m.note()) + ")")
                .orElse("none released yet"));
        summary.row("Paused:", pauseText(s.state(), now));
        summary.row("Auth:", Optional.ofNullable(s.state().get(PortalState.Key.AUTH_FAILURE))
                .map(f -> "FAILING since " + Formats.instant(f.updatedAt()) + ": " + f.value()).orElse("ok"));
        summary.row("Rate budget:", rateText(s.budgetUsed()));
        summary.row("Rate limits:", reportedText(s.reported()));
        summary.row("Calls today:", s.dailyCalls().map(StatusCommand::callsText)
                .orElse("not recorded"));
        summary.row("Scoring:", Optional.ofNullable(s.state().get(PortalState.Key.SCORING_WAITS_FOR))
                .map(w -> "waiting for the backfill of " + w.value() + " (as of the score run at "
                        + Formats.instant(w.updatedAt()) + "): no band is decided on partial data")
                .orElse("not waiting for a backfill"));
        summary.row("Contacts:", s.contacts().live() + " known, " + s.contacts().archived() + " archived, "
                + s.contacts().dirty() + " dirty (waiting to be scored)");
        summary.row("Outbox:", s.outbox().pending() + " pending, " + s.outbox().parked() + " parked, "
                + s.outbox().delivered() + " delivered, " + s.outbox().superseded() + " superseded");
        summary.row("Transitions:", s.transitions().firedSince() + " fired today, " + s.transitions().firedTotal()
                + " in total (held: " + s.transitions().heldSince() + " today, " + s.transitions().heldTotal()
                + " in total)");
        summary.row("Conflicts:", s.openConflicts() + " open");
        summary.print(out);

        out.println();
        out.println("Bands:");
        TextTable bands = new TextTable("  ");
        Formats.bandsInConfigOrder(config, s.bands()).forEach((band, count) -> bands.row(band, count));
        bands.print(out, "  no contact has a band yet");

        out.println();
        out.println("Checkpoints:");
        TextTable checkpoints = new TextTable("  ").header("stream", "cursor", "updated");
        for (Checkpoints.Checkpoint cp : s.checkpoints()) {
            String when = cursorInstant(cp);
            checkpoints.row(cp.stream(), when == null ? cp.cursor() : cp.cursor() + " (" + when + ")",
                    Formats.instant(cp.updatedAt()));
        }
        checkpoints.print(out, "  none yet: no pull has stored a checkpoint");

        out.println();
        out.println("Completeness checks (the last of each stream):");
        TextTable checks = new TextTable("  ").header("stream", "checked", "by", "created up to", "HubSpot", "ledger",
                "missing", "pulled", "result");
        for (CompletenessChecks.Check check : s.completeness()) {
            checks.row(check.stream(), Formats.instant(check.checkedAt()), check.checkedBy(),
                    Formats.instant(check.upTo()), check.hubspot(), check.stored(), check.missing(), check.pulled(),
                    check.detail() == null ? check.outcome().label() : check.outcome().label() + ": " + check.detail());
        }
        checks.print(out, "  none yet: a check runs when a backfill ends and at each reconcile");

        out.println();
        out.println("Last runs:");
        TextTable runs = new TextTable("  ").header("job", "started", "duration", "counts", "error");
        for (Runs.Run run : s.runs()) {
            runs.row(run.job(), Formats.instant(run.startedAt()),
                    run.durationMillis() == null ? "running" : Formats.duration(run.durationMillis()),
                    run.counts().isEmpty() ? "-" : Formats.pairs(run.counts()), run.error());
        }
        runs.print(out, "  no job has run yet");

        out.println();
        out.println("Parked writes (latest " + Math.min(LATEST, s.outbox().parked()) + " of " + s.outbox().parked()
                + "):");
        TextTable parked = new TextTable("  ").header("seq", "contact", "created", "attempts", "properties", "reason");
        for (Outbox.Row p : s.parked()) {
            parked.row(p.seq(), p.contactId(), Formats.instant(p.createdAt()), p.attempts(),
                    Formats.pairs(new TreeMap<>(p.properties())), p.lastError());
        }
        parked.print(out, "  none");

        out.println();
        out.println("Open conflicts (latest " + s.conflicts().size() + " of " + s.openConflicts() + "):");
        TextTable conflicts = new TextTable("  ").header("contact", "property", "ours", "theirs", "policy", "seen at");
        for (Conflicts.Conflict c : s.conflicts()) {
            conflicts.row(c.contactId(), c.property(), c.ours(), c.theirs(), c.policy(), Formats.instant(c.seenAt()));
        }
        conflicts.print(out, "  none");
    }

    private static String pauseText(Map<PortalState.Key, PortalState.Value> state, Instant now) {
        PortalState.Value until = state.get(PortalState.Key.PAUSED_UNTIL);
        if (until == null) {
            return "no";
        }
        PortalState.Value reason = state.get(PortalState.Key.PAUSE_REASON);
        String why = reason == null ? "" : ": " + reason.value();
        Long millis = epochMillis(until.value());
        if (millis == null) {
            return "yes, until " + until.value() + why;
        }
        PortalState.Value checked = state.get(PortalState.Key.PAUSE_CHECKED_AT);
        Long checkedAt = checked == null ? null : epochMillis(checked.value());
        return millis > now.toEpochMilli()
                ? "yes, until " + Formats.instant(millis) + why + (checkedAt == null ? ""
                        : " (last checked with HubSpot at " + Formats.instant(checkedAt) + "; `hubscore resume` lifts it)")
                : "no (the last pause ended at " + Formats.instant(millis) + why + ")";
    }

    /** What HubSpot's rate-limit headers last said, e.g. {@code 10-second window 93 of 100 left, daily ...}. */
    private static String reportedText(Optional<RateState.Reported> reported) {
        if (reported.isEmpty()) {
            return "not reported yet";
        }
        RateState.Reported r = reported.get();
        List<String> parts = new java.util.ArrayList<>();
        if (r.max() != null) {
            parts.add((r.intervalMillis() == null ? "burst" : Formats.duration(r.intervalMillis()) + " window") + " "
                    + (r.remaining() == null ? "limit " + r.max() : r.remaining() + " of " + r.max() + " left"));
        }
        if (r.daily() != null || r.dailyRemaining() != null) {
            parts.add("daily " + (r.dailyRemaining() == null ? "limit " + r.daily()
                    : r.dailyRemaining() + (r.daily() == null ? "" : " of " + r.daily()) + " left"));
        }
        return String.join(", ", parts) + " (HubSpot's headers at " + Formats.instant(r.at()) + ")";
    }

    private static String callsText(RateState.DailyCalls calls) {
        return calls.calls() + " by this daemon on " + calls.day() + (calls.allowed() == null
                ? " (no daily share of its own)" : ", its daily share allows " + calls.allowed());
    }

    /** How much of the portal's daily limit HubSpot's headers showed used, e.g. {@code 19 of 60 (31.7%)}. */
    private static String rateText(Optional<RateState.BudgetUsed> budgetUsed) {
        return budgetUsed.map(used -> String.format(Locale.ROOT,
                "rate budget used today %d of %d (%.1f%%) (as of %s)", used.used(), used.daily(), used.percent(),
                Formats.instant(used.at()))).orElse("not recorded");
    }

    // ---- JSON ----

    /** What {@code status --json} prints, field for field; times are ISO-8601 instants. */
    private record StatusJson(String portal, String ledger, String at, ModelJson model, PauseJson pause,
            String authFailure, RateBudgetJson rateBudget, RateLimitsJson rateLimits, CallsTodayJson callsToday,
            ContactsJson contacts, OutboxJson outbox, TransitionsJson transitions, Map<String, Long> bands,
            List<CheckpointJson> checkpoints, ScoringJson scoring, List<CompletenessJson> completenessChecks,
            List<RunJson> lastRuns, List<ParkedJson> parked, long openConflicts, List<ConflictJson> conflicts) {
    }

    /** {@code releasedAt} is when the model in force was last activated; {@code note} may be null. */
    private record ModelJson(String version, String fingerprint, String releasedAt, String note) {
    }

    /** {@code until} is the stored text when it is not a time. */
    private record PauseJson(boolean paused, String until, String reason, String checkedAt) {
    }

    private record RateBudgetJson(long usedToday, long daily, String asOf) {
    }

    private record RateLimitsJson(Long max, Long remaining, Long intervalMillis, Long daily, Long dailyRemaining,
            String reportedAt) {
    }

    private record CallsTodayJson(String day, long calls, Long allowed) {
    }

    private record ContactsJson(long known, long archived, long dirty) {
    }

    private record OutboxJson(long pending, long parked, long delivered, long superseded) {
    }

    private record TransitionsJson(long firedToday, long firedTotal, long heldToday, long heldTotal) {
    }

    private record CheckpointJson(String stream, String cursor, String cursorInstant, String updatedAt) {
    }

    private record ScoringJson(List<String> waitingForBackfillOf, String asOf) {
    }

    private record CompletenessJson(String stream, String checkedAt, String checkedBy, String createdUpTo,
            long hubspot, long ledger, long missing, long pulled, String outcome, String detail) {
    }

    private record RunJson(String job, String startedAt, String endedAt, Long durationMillis,
            Map<String, String> counts, String error) {
    }

    private record ParkedJson(long seq, long contact, String createdAt, int attempts, Map<String, String> properties,
            String reason) {
    }

    private record ConflictJson(long seq, long contact, String property, String ours, String theirs, String policy,
            String seenAt) {
    }

    private static String json(SyncConfig config, Path ledgerFile, Instant now, Snapshot s) {
        PortalState.Value until = s.state().get(PortalState.Key.PAUSED_UNTIL);
        Long untilMillis = until == null ? null : epochMillis(until.value());
        PortalState.Value checked = s.state().get(PortalState.Key.PAUSE_CHECKED_AT);
        Long checkedAt = checked == null ? null : epochMillis(checked.value());
        PauseJson pause = new PauseJson(until != null && (untilMillis == null || untilMillis > now.toEpochMilli()),
                until == null ? null : untilMillis == null ? until.value() : Formats.instant(untilMillis),
                value(s.state(), PortalState.Key.PAUSE_REASON), Formats.instant(checkedAt));
        PortalState.Value waits = s.state().get(PortalState.Key.SCORING_WAITS_FOR);
        ScoringJson scoring = new ScoringJson(waits == null ? List.of() : List.of(waits.value().split(",\\s*")),
                waits == null ? null : Formats.instant(waits.updatedAt()));
        return Formats.json(new StatusJson(config.portal().id(), ledgerFile.toString(), now.toString(),
                s.model().map(m -> new ModelJson(m.version(), m.fingerprint(), Formats.instant(m.releasedAt()),
                        m.note()))
                        .orElse(null),
                pause,
                value(s.state(), PortalState.Key.AUTH_FAILURE),
                s.budgetUsed().map(u -> new RateBudgetJson(u.used(), u.daily(), Formats.instant(u.at()))).orElse(null),
                s.reported().map(r -> new RateLimitsJson(r.max(), r.remaining(), r.intervalMillis(), r.daily(),
                        r.dailyRemaining(), Formats.instant(r.at()))).orElse(null),
                s.dailyCalls().map(c -> new CallsTodayJson(c.day().toString(), c.calls(), c.allowed())).orElse(null),
                new ContactsJson(s.contacts().live(), s.contacts().archived(), s.contacts().dirty()),
                new OutboxJson(s.outbox().pending(), s.outbox().parked(), s.outbox().delivered(),
                        s.outbox().superseded()),
                new TransitionsJson(s.transitions().firedSince(), s.transitions().firedTotal(),
                        s.transitions().heldSince(), s.transitions().heldTotal()),
                Formats.bandsInConfigOrder(config, s.bands()),
                s.checkpoints().stream().map(cp -> new CheckpointJson(cp.stream(), cp.cursor(), cursorInstant(cp),
                        Formats.instant(cp.updatedAt()))).toList(),
                scoring,
                s.completeness().stream().map(c -> new CompletenessJson(c.stream(), Formats.instant(c.checkedAt()),
                        c.checkedBy(), Formats.instant(c.upTo()), c.hubspot(), c.stored(), c.missing(), c.pulled(),
                        c.outcome().label(), c.detail())).toList(),
                s.runs().stream().map(r -> new RunJson(r.job(), Formats.instant(r.startedAt()),
                        Formats.instant(r.endedAt()), r.durationMillis(), r.counts(), r.error())).toList(),
                s.parked().stream().map(p -> new ParkedJson(p.seq(), p.contactId(), Formats.instant(p.createdAt()),
                        p.attempts(), new TreeMap<>(p.properties()), p.lastError())).toList(),
                s.openConflicts(),
                s.conflicts().stream().map(c -> new ConflictJson(c.seq(), c.contactId(), c.property(), c.ours(),
                        c.theirs(), c.policy(), Formats.instant(c.seenAt()))).toList()));
    }

    // ---- shared ----

    /** An incremental stream's cursor is an epoch-ms high-water mark: as an ISO instant; null otherwise. */
    static String cursorInstant(Checkpoints.Checkpoint checkpoint) {
        if (checkpoint.stream().endsWith(".backfill")) {
            return null; // HubSpot's paging cursor (or "done"), not a time
        }
        return Formats.instant(epochMillis(checkpoint.cursor()));
    }

    private static Long epochMillis(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String value(Map<PortalState.Key, PortalState.Value> state, PortalState.Key key) {
        PortalState.Value v = state.get(key);
        return v == null ? null : v.value();
    }
}
