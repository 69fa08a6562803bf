package io.hubscore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
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
                + Formats.instant(m.releasedAt()) + ")").orElse("none released yet"));
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

    private static String json(SyncConfig config, Path ledgerFile, Instant now, Snapshot s) {
        ObjectNode root = Formats.JSON.createObjectNode();
        root.put("portal", config.portal().id());
        root.put("ledger", ledgerFile.toString());
        root.put("at", now.toString());
        if (s.model().isPresent()) {
            Scores.ModelVersion m = s.model().get();
            root.putObject("model").put("version", m.version()).put("fingerprint", m.fingerprint())
                    .put("releasedAt", Formats.instant(m.releasedAt()));
        } else {
            root.putNull("model");
        }

        ObjectNode pause = root.putObject("pause");
        PortalState.Value until = s.state().get(PortalState.Key.PAUSED_UNTIL);
        Long untilMillis = until == null ? null : epochMillis(until.value());
        pause.put("paused", until != null && (untilMillis == null || untilMillis > now.toEpochMilli()));
        pause.put("until", until == null ? null : untilMillis == null ? until.value() : Formats.instant(untilMillis));
        pause.put("reason", value(s.state(), PortalState.Key.PAUSE_REASON));
        PortalState.Value checked = s.state().get(PortalState.Key.PAUSE_CHECKED_AT);
        Long checkedAt = checked == null ? null : epochMillis(checked.value());
        pause.put("checkedAt", checkedAt == null ? null : Formats.instant(checkedAt));
        root.put("authFailure", value(s.state(), PortalState.Key.AUTH_FAILURE));
        Optional<RateState.BudgetUsed> used = s.budgetUsed();
        if (used.isPresent()) {
            root.putObject("rateBudget").put("usedToday", used.get().used()).put("daily", used.get().daily())
                    .put("asOf", Formats.instant(used.get().at()));
        } else {
            root.putNull("rateBudget");
        }

        Optional<RateState.Reported> reported = s.reported();
        if (reported.isPresent()) {
            RateState.Reported r = reported.get();
            root.putObject("rateLimits").put("max", r.max()).put("remaining", r.remaining())
                    .put("intervalMillis", r.intervalMillis()).put("daily", r.daily())
                    .put("dailyRemaining", r.dailyRemaining()).put("reportedAt", Formats.instant(r.at()));
        } else {
            root.putNull("rateLimits");
        }
        Optional<RateState.DailyCalls> calls = s.dailyCalls();
        if (calls.isPresent()) {
            root.putObject("callsToday").put("day", calls.get().day().toString()).put("calls", calls.get().calls())
                    .put("allowed", calls.get().allowed());
        } else {
            root.putNull("callsToday");
        }

        root.putObject("contacts").put("known", s.contacts().live()).put("archived", s.contacts().archived())
                .put("dirty", s.contacts().dirty());
        root.putObject("outbox").put("pending", s.outbox().pending()).put("parked", s.outbox().parked())
                .put("delivered", s.outbox().delivered()).put("superseded", s.outbox().superseded());
        root.putObject("transitions").put("firedToday", s.transitions().firedSince())
                .put("firedTotal", s.transitions().firedTotal()).put("heldToday", s.transitions().heldSince())
                .put("heldTotal", s.transitions().heldTotal());
        ObjectNode bands = root.putObject("bands");
        Formats.bandsInConfigOrder(config, s.bands()).forEach(bands::put);

        ArrayNode checkpoints = root.putArray("checkpoints");
        for (Checkpoints.Checkpoint cp : s.checkpoints()) {
            checkpoints.addObject().put("stream", cp.stream()).put("cursor", cp.cursor())
                    .put("cursorInstant", cursorInstant(cp)).put("updatedAt", Formats.instant(cp.updatedAt()));
        }
        ObjectNode scoring = root.putObject("scoring");
        PortalState.Value waits = s.state().get(PortalState.Key.SCORING_WAITS_FOR);
        ArrayNode waitingFor = scoring.putArray("waitingForBackfillOf");
        if (waits != null) {
            for (String stream : waits.value().split(",\\s*")) {
                waitingFor.add(stream);
            }
        }
        scoring.put("asOf", waits == null ? null : Formats.instant(waits.updatedAt()));
        ArrayNode completeness = root.putArray("completenessChecks");
        for (CompletenessChecks.Check check : s.completeness()) {
            completeness.addObject().put("stream", check.stream()).put("checkedAt", Formats.instant(check.checkedAt()))
                    .put("checkedBy", check.checkedBy()).put("createdUpTo", Formats.instant(check.upTo()))
                    .put("hubspot", check.hubspot()).put("ledger", check.stored()).put("missing", check.missing())
                    .put("pulled", check.pulled()).put("outcome", check.outcome().label())
                    .put("detail", check.detail());
        }
        ArrayNode runs = root.putArray("lastRuns");
        for (Runs.Run run : s.runs()) {
            ObjectNode r = runs.addObject().put("job", run.job()).put("startedAt", Formats.instant(run.startedAt()))
                    .put("endedAt", Formats.instant(run.endedAt())).put("durationMillis", run.durationMillis());
            run.counts().forEach(r.putObject("counts")::put);
            r.put("error", run.error());
        }
        ArrayNode parked = root.putArray("parked");
        for (Outbox.Row p : s.parked()) {
            ObjectNode row = parked.addObject().put("seq", p.seq()).put("contact", p.contactId())
                    .put("createdAt", Formats.instant(p.createdAt())).put("attempts", p.attempts());
            new TreeMap<>(p.properties()).forEach(row.putObject("properties")::put);
            row.put("reason", p.lastError());
        }
        root.put("openConflicts", s.openConflicts());
        ArrayNode conflicts = root.putArray("conflicts");
        for (Conflicts.Conflict c : s.conflicts()) {
            conflicts.addObject().put("seq", c.seq()).put("contact", c.contactId()).put("property", c.property())
                    .put("ours", c.ours()).put("theirs", c.theirs()).put("policy", c.policy())
                    .put("seenAt", Formats.instant(c.seenAt()));
        }
        try {
            return Formats.JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the status as JSON", e);
        }
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
