package io.hubscore.cli;

import io.hubscore.ledger.Conflicts;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Outbox;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.Suppressions;
import io.hubscore.ledger.Written;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore explain}: why one contact has its score and band, read from the ledger without the
 * daemon's lock. Not thread-safe (one instance per invocation).
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        header = "Explains one contact's score and band history.",
        description = {
            "Explains one contact from the ledger: its score line by line (the lines sum to the score), fit and",
            "engagement, the model version, data-quality notes, its band and every transition (fired or held and",
            "why), and what hubscore wrote or still has to write for it. Works while the daemon runs.",
            "Exit 0, or 2 when the config is invalid, the ledger does not exist or does not know the contact."
        })
final class ExplainCommand implements Callable<Integer> {

    private static final Pattern CONTACT_ID = Pattern.compile("[0-9]{1,18}");
    private static final List<String> GROUP_ORDER = List.of("fit", "engagement", "score");
    /** Largest contribution first within its group (by size, so a big penalty ranks high); ties keep stored order. */
    private static final Comparator<Scores.Contribution> BY_GROUP_THEN_SIZE =
            Comparator.comparingInt((Scores.Contribution c) -> groupRank(c.group()))
                    .thenComparing(c -> c.points().abs(), Comparator.reverseOrder());

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions options = new LedgerOptions();

    @Option(names = "--contact", required = true, paramLabel = "ID", description = "The HubSpot contact id.")
    String contact;

    /** Everything the explanation shows, read in one snapshot of the ledger. */
    private record Explanation(
            long contactId,
            Optional<Contacts.Stored> contact,
            Optional<Scores.Score> score,
            Optional<Scores.BandState> band,
            List<Scores.Transition> transitions,
            List<Outbox.Row> undelivered,
            List<Written.Value> written,
            List<Conflicts.Conflict> conflicts,
            Optional<Suppressions.Held> suppression,
            Map<String, String> versions) {

        /** The contributions, grouped (fit, engagement, score) and largest first within a group. */
        List<Scores.Contribution> orderedContributions() {
            List<Scores.Contribution> lines = new ArrayList<>(score.map(Scores.Score::contributions).orElse(List.of()));
            lines.sort(BY_GROUP_THEN_SIZE);
            return lines;
        }

        /** The name of the model version with this fingerprint; null when the ledger lacks its release. */
        String version(String fingerprint) {
            return versions.get(fingerprint);
        }

        /** The suppression that holds the contact now, as the score job recorded it. */
        Optional<Suppressions.Held> suppressedBy() {
            return suppression;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!CONTACT_ID.matcher(contact).matches()) {
            err.println("hubscore explain: --contact must be a HubSpot contact id (a whole number such as 51), not '"
                    + contact + "'");
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        long id = Long.parseLong(contact);
        LedgerOptions.Opened opened = options.open("explain", System::getenv);
        if (opened instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Ready ready = (LedgerOptions.Opened.Ready) opened;
        Optional<Explanation> explanation;
        try (Ledger ledger = ready.ledger()) {
            explanation = ledger.read(tx -> !tx.contacts().known(id) ? Optional.empty()
                    : Optional.of(new Explanation(id, tx.contacts().get(id), tx.scores().latest(id),
                            tx.scores().bandState(id), tx.scores().transitions(id), tx.outbox().undelivered(id),
                            tx.written().forContact(id), tx.conflicts().openFor(id), tx.suppressions().get(id),
                            versions(tx.scores().models()))));
        } catch (LedgerException e) {
            err.println("hubscore explain: " + e.getMessage());
            err.flush();
            return ExitCodes.UNEXPECTED;
        }
        if (explanation.isEmpty()) {
            err.println("hubscore explain: contact " + id + " is not in the ledger (" + ready.ledgerFile()
                    + "): it has not been pulled yet, or it is not in portal " + ready.config().portal().id());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        if (options.json) {
            out.println(json(ready.ledgerFile(), explanation.get()));
        } else {
            text(out, explanation.get());
        }
        out.flush();
        return ExitCodes.OK;
    }

    // ---- text ----

    private static void text(PrintWriter out, Explanation e) {
        out.println("Contact " + e.contactId() + e.contact().map(ExplainCommand::contactText).orElse(" (not pulled)"));
        out.println();
        if (e.score().isEmpty()) {
            out.println("Not scored yet.");
        } else {
            scoreText(out, e, e.score().get());
        }

        out.println();
        out.println(e.band().map(b -> "Band: " + b.band() + " since " + Formats.instant(b.since())
                + (b.lastTransitionAt() == null ? " (no transition yet)"
                        : " (last transition " + Formats.instant(b.lastTransitionAt()) + ")"))
                .orElse("Band: none yet"));
        out.println("Suppressed: " + e.suppressedBy().map(h -> "yes, by " + h.name() + " (" + h.action() + ", since "
                + Formats.instant(h.since()) + ")").orElse("no"));

        out.println();
        out.println("Band history:");
        TextTable history = new TextTable("  ").header("at", "change", "outcome", "score", "model", "reason");
        for (Scores.Transition t : e.transitions()) {
            String version = e.version(t.fingerprint());
            history.row(Formats.instant(t.at()), (t.fromBand() == null ? "(none)" : t.fromBand()) + " -> " + t.toBand(),
                    t.fired() ? "fired" : "held by " + t.heldBy(), t.score(), version == null ? t.fingerprint()
                            : version, t.reason());
        }
        history.print(out, "  no transition recorded");

        out.println();
        out.println("Written (acknowledged by HubSpot):");
        TextTable written = new TextTable("  ").header("property", "value", "written at");
        e.written().forEach(w -> written.row(w.property(), w.value(), Formats.instant(w.writtenAt())));
        written.print(out, "  nothing yet");
        out.println("Not yet delivered:");
        TextTable queued = new TextTable("  ").header("seq", "state", "queued", "attempts", "properties", "last error");
        for (Outbox.Row q : e.undelivered()) {
            queued.row(q.seq(), q.state().label(), Formats.instant(q.createdAt()), q.attempts(),
                    Formats.pairs(new TreeMap<>(q.properties())), q.lastError());
        }
        queued.print(out, "  nothing pending or parked");
        if (!e.conflicts().isEmpty()) {
            out.println("Open conflicts:");
            TextTable conflicts = new TextTable("  ").header("property", "ours", "theirs", "policy", "seen at");
            e.conflicts().forEach(c -> conflicts.row(c.property(), c.ours(), c.theirs(), c.policy(),
                    Formats.instant(c.seenAt())));
            conflicts.print(out);
            if (e.conflicts().stream().anyMatch(c -> "yield".equals(c.policy()))) {
                out.println("  Writes to this contact are held (policy yield) until an admin clears the conflict.");
            }
        }
    }

    private static String contactText(Contacts.Stored c) {
        String state = c.archived()
                ? (c.mergedInto() == null ? "archived" : "archived, merged into " + c.mergedInto())
                : "live";
        return " (" + state + "; last pulled " + Formats.instant(c.pulledAt())
                + (c.dirty() ? "; changed since, waiting to be rescored" : "") + ")";
    }

    private static void scoreText(PrintWriter out, Explanation e, Scores.Score s) {
        String version = e.version(s.fingerprint());
        out.println("Score: " + s.score() + " with model "
                + (version == null ? "(unknown version)" : version) + ", fingerprint " + s.fingerprint()
                + ", scored at " + Formats.instant(s.scoredAt()));
        out.println("Fit: " + Formats.plain(s.fit()) + "   Engagement: " + Formats.plain(s.engagement()));
        out.println();
        out.println("Contributions (largest first within each group):");
        TextTable lines = new TextTable("  ").header("group", "name", "kind", "raw", "points");
        for (Scores.Contribution c : e.orderedContributions()) {
            lines.row(c.group(), c.name(), c.kind(), Formats.signed(c.raw()), Formats.signed(c.points()));
        }
        lines.print(out, "  no line");
        out.println("  " + sumText(s));
        if (!s.notes().isEmpty()) {
            out.println();
            out.println("Data-quality notes:");
            TextTable notes = new TextTable("  ").header("source", "property", "message");
            s.notes().forEach(n -> notes.row(n.source(), n.property(), n.message()));
            notes.print(out);
        }
    }

    private static String sumText(Scores.Score s) {
        BigDecimal sum = s.contributionSum();
        return sum.compareTo(BigDecimal.valueOf(s.score())) == 0
                ? "The lines sum to " + Formats.plain(sum) + ", the score."
                : "WARNING: the lines sum to " + Formats.plain(sum) + " but the score is " + s.score()
                        + ": this score row is inconsistent";
    }

    // ---- JSON ----

    /** What {@code explain --json} prints, field for field; times are ISO-8601 instants, points exact decimals. */
    private record ExplainJson(long contact, String ledger, PulledJson pulled, ScoreJson score, BandJson band,
            SuppressionJson suppression, List<TransitionJson> transitions, Map<String, WrittenJson> written,
            List<QueuedJson> undelivered, List<ConflictJson> openConflicts) {
    }

    private record PulledJson(boolean archived, Long mergedInto, boolean dirty, String modifiedAt, String pulledAt) {
    }

    private record ScoreJson(int score, String fit, String engagement, String band, String modelVersion,
            String fingerprint, String scoredAt, List<LineJson> contributions, String contributionSum,
            boolean sumsToScore, List<NoteJson> notes) {
    }

    private record LineJson(String name, String group, String kind, String raw, String points) {
    }

    private record NoteJson(String source, String property, String message) {
    }

    private record BandJson(String band, String since, String lastTransitionAt) {
    }

    private record SuppressionJson(boolean suppressed, String by, String action, String since) {
    }

    private record TransitionJson(String at, String from, String to, boolean fired, String heldBy, String reason,
            int score, String modelVersion, String fingerprint) {
    }

    private record WrittenJson(String value, String writtenAt) {
    }

    private record QueuedJson(long seq, String state, String queuedAt, int attempts, Map<String, String> properties,
            String lastError) {
    }

    private record ConflictJson(String property, String ours, String theirs, String policy, String seenAt) {
    }

    private static String json(Path ledgerFile, Explanation e) {
        Map<String, WrittenJson> written = new LinkedHashMap<>();
        e.written().forEach(w -> written.put(w.property(), new WrittenJson(w.value(),
                Formats.instant(w.writtenAt()))));
        Optional<Suppressions.Held> suppressed = e.suppressedBy();
        return Formats.json(new ExplainJson(e.contactId(), ledgerFile.toString(),
                e.contact().map(c -> new PulledJson(c.archived(), c.mergedInto(), c.dirty(),
                        Formats.instant(c.modifiedAt()), Formats.instant(c.pulledAt()))).orElse(null),
                e.score().map(s -> scoreJson(e, s)).orElse(null),
                e.band().map(b -> new BandJson(b.band(), Formats.instant(b.since()),
                        Formats.instant(b.lastTransitionAt()))).orElse(null),
                new SuppressionJson(suppressed.isPresent(), suppressed.map(Suppressions.Held::name).orElse(null),
                        suppressed.map(Suppressions.Held::action).orElse(null),
                        suppressed.map(h -> Formats.instant(h.since())).orElse(null)),
                e.transitions().stream().map(t -> new TransitionJson(Formats.instant(t.at()), t.fromBand(),
                        t.toBand(), t.fired(), t.heldBy(), t.reason(), t.score(), e.version(t.fingerprint()),
                        t.fingerprint())).toList(),
                written,
                e.undelivered().stream().map(q -> new QueuedJson(q.seq(), q.state().label(),
                        Formats.instant(q.createdAt()), q.attempts(), new TreeMap<>(q.properties()), q.lastError()))
                        .toList(),
                e.conflicts().stream().map(c -> new ConflictJson(c.property(), c.ours(), c.theirs(), c.policy(),
                        Formats.instant(c.seenAt()))).toList()));
    }

    private static ScoreJson scoreJson(Explanation e, Scores.Score s) {
        return new ScoreJson(s.score(), Formats.plain(s.fit()), Formats.plain(s.engagement()), s.band(),
                e.version(s.fingerprint()), s.fingerprint(), Formats.instant(s.scoredAt()),
                e.orderedContributions().stream().map(c -> new LineJson(c.name(), c.group(), c.kind(),
                        Formats.plain(c.raw()), Formats.plain(c.points()))).toList(),
                Formats.plain(s.contributionSum()), s.contributionSum().compareTo(BigDecimal.valueOf(s.score())) == 0,
                s.notes().stream().map(n -> new NoteJson(n.source(), n.property(), n.message())).toList());
    }

    /** The name of each released model version, by fingerprint. */
    private static Map<String, String> versions(List<Scores.ModelVersion> models) {
        Map<String, String> versions = new HashMap<>();
        models.forEach(m -> versions.put(m.fingerprint(), m.version()));
        return versions;
    }

    private static int groupRank(String group) {
        int rank = GROUP_ORDER.indexOf(group);
        return rank < 0 ? GROUP_ORDER.size() : rank;
    }
}
