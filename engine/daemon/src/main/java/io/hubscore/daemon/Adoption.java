package io.hubscore.daemon;

import io.hubscore.config.WriteBackConfig;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.ScoringStates.ScoringState;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The previous state of a contact the ledger has never scored, read from hubscore's own properties in HubSpot: a
 * rebuilt host, a lost ledger, or a dry run on a snapshot of a portal hubscore already scores. The band HubSpot
 * holds is the contact's band, since {@code band_changed_at}, and that change counts as its last transition (HubSpot
 * does not say whether it was a first band, so a cooldown runs from it); the values HubSpot holds are what was last
 * written. So the first score is a transition only when the band really changes, and only values that differ are
 * written: no rewrite of every {@code band_changed_at}. A contact the ledger has scored keeps the ledger's state.
 * Stateless.
 */
public final class Adoption {

    private Adoption() {
    }

    /** The contact's band state: the ledger's, else the one its hubscore properties in HubSpot give; else empty. */
    public static Optional<Scores.BandState> band(ScoringState state, WriteBackConfig writeBack) {
        if (state.band().isPresent()) {
            return state.band();
        }
        Map<String, String> p = state.contact().properties();
        String band = p.get(writeBack.properties().band());
        Long since = HubSpotValues.epochMillis(p.get(writeBack.properties().bandChangedAt()));
        if (band == null || band.isBlank() || since == null) {
            return Optional.empty();
        }
        return Optional.of(new Scores.BandState(state.id(), band.strip(), since, since,
                score(state, writeBack).orElse(0), ""));
    }

    /** Whether the contact's previous state comes from HubSpot rather than the ledger. */
    public static boolean adopted(ScoringState state, WriteBackConfig writeBack) {
        return state.band().isEmpty() && band(state, writeBack).isPresent();
    }

    /** The score HubSpot holds for a contact whose state is adopted; empty otherwise or when it is not a number. */
    public static Optional<Integer> score(ScoringState state, WriteBackConfig writeBack) {
        String value = state.contact().properties().get(writeBack.properties().score());
        try {
            return value == null ? Optional.empty() : Optional.of(new BigDecimal(value.strip()).intValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The model version HubSpot names for a contact whose state is adopted; empty otherwise. */
    public static Optional<String> modelVersion(ScoringState state, WriteBackConfig writeBack) {
        return adopted(state, writeBack)
                ? Optional.ofNullable(state.contact().properties().get(writeBack.properties().modelVersion()))
                : Optional.empty();
    }

    /**
     * The values last queued or written: the ledger's, else, for an adopted contact, hubscore's properties as
     * HubSpot holds them, in the form hubscore writes them (a datetime as epoch milliseconds, a whole score without
     * decimals).
     */
    public static Map<String, String> lastValues(ScoringState state, WriteBackConfig writeBack) {
        if (!state.lastValues().isEmpty() || !adopted(state, writeBack)) {
            return state.lastValues();
        }
        WriteBackConfig.PropertiesConfig names = writeBack.properties();
        Map<String, String> p = state.contact().properties();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : List.of(names.score(), names.band(), names.bandChangedAt(), names.modelVersion(),
                names.reasons())) {
            String value = p.get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        score(state, writeBack).ifPresent(s -> values.put(names.score(), Integer.toString(s)));
        values.put(names.bandChangedAt(), Long.toString(band(state, writeBack).orElseThrow().since()));
        return values;
    }
}
