package io.hubscore.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of scoring one contact: score, sub-scores, band, the explanation, and the transition decision.
 * Immutable.
 *
 * @param score the total, rounded once, half-up; equals the sum of the contributions' points exactly
 * @param fitMicros the fit sub-score after its cap and floor, unrounded, in millionths of a point
 * @param engagementMicros the engagement sub-score after decay, cap and floor, unrounded, in millionths
 * @param band the band to hold: after hysteresis, cooldown and suppression
 * @param contributions the explanation, in model order: rules that matched, then adjustment lines (caps,
 *     floors, step decay, rounding); copied
 * @param suppression the suppression that applied; null when none did
 * @param write false when a {@code no-write} suppression applied: the contact is scored, nothing is written
 * @param notes data-quality notes, in the order the model read the values; copied
 */
public record ScoreResult(
        String contactId,
        int score,
        long fitMicros,
        long engagementMicros,
        String band,
        List<Contribution> contributions,
        AppliedSuppression suppression,
        boolean write,
        TransitionDecision transition,
        List<DataQualityNote> notes,
        String modelVersion,
        String fingerprint) {

    private static final Comparator<Contribution> LARGEST_FIRST =
            Comparator.comparingLong((Contribution c) -> Math.abs(c.micros())).reversed();

    public ScoreResult {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(band, "band");
        contributions = contributions instanceof Lines.Frozen ? contributions : List.copyOf(contributions);
        Objects.requireNonNull(transition, "transition");
        notes = List.copyOf(notes);
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The fit sub-score, unrounded (scale 6). */
    public BigDecimal fit() {
        return BigDecimal.valueOf(fitMicros, 6);
    }

    /** The engagement sub-score, unrounded (scale 6). */
    public BigDecimal engagement() {
        return BigDecimal.valueOf(engagementMicros, 6);
    }

    /**
     * The rule lines that moved the score most, largest magnitude first (ties in model order); adjustment lines
     * and lines worth nothing are left out.
     */
    public List<Contribution> topContributions(int n) {
        List<Contribution> rules = new ArrayList<>();
        for (Contribution c : contributions) {
            if (c.isRule() && c.micros() != 0) {
                rules.add(c);
            }
        }
        rules.sort(LARGEST_FIRST);
        return List.copyOf(rules.subList(0, Math.min(n, rules.size())));
    }

    /**
     * The top {@code n} reasons as short text for the reasons property, e.g. {@code +15 agency-industry; +10
     * marketing-title; -5 student-or-intern}. Points show to one decimal place at most, rounded half-up.
     */
    public String reasons(int n) {
        StringBuilder text = new StringBuilder();
        for (Contribution c : topContributions(n)) {
            if (text.length() > 0) {
                text.append("; ");
            }
            BigDecimal shown = c.points().setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
            text.append(c.micros() > 0 ? "+" : "").append(shown.signum() == 0 ? "0" : shown.toPlainString())
                    .append(' ').append(c.name());
        }
        return text.toString();
    }
}
