package io.hubscore.daemon;

import io.hubscore.config.OutcomesConfig;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.scoring.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which contact properties the daemon pulls and which of them are scoring-relevant. Only a change in a relevant
 * value makes a contact dirty: hubscore's own write-back bumps {@code lastmodifieddate} and changes the owned
 * properties, and neither may cause a rescore. Immutable.
 */
final class ContactFields {

    static final String LIFECYCLE_STAGE = "lifecyclestage";

    private final List<String> relevant;
    private final List<String> owned;
    private final List<String> pulled;

    ContactFields(ScoringModel model, WriteBackConfig writeBack) {
        this(model, writeBack, null);
    }

    /** With {@code outcomes} (may be null), the outcome fields are pulled too, never relevant. */
    ContactFields(ScoringModel model, WriteBackConfig writeBack, OutcomesConfig outcomes) {
        this.relevant = model.contactProperties();
        this.owned = owned(writeBack);
        TreeSet<String> all = new TreeSet<>(relevant);
        all.addAll(owned);
        all.addAll(OutcomeFields.contactProperties(outcomes));
        all.add(LIFECYCLE_STAGE);
        this.pulled = List.copyOf(all);
    }

    static List<String> owned(WriteBackConfig writeBack) {
        WriteBackConfig.PropertiesConfig p = writeBack.properties();
        List<String> names = new ArrayList<>(List.of(p.score(), p.band(), p.bandChangedAt(), p.modelVersion()));
        if (writeBack.reasons() > 0) {
            names.add(p.reasons());
        }
        return List.copyOf(names);
    }

    List<String> pulled() {
        return pulled;
    }

    List<String> owned() {
        return owned;
    }

    /** SHA-256 over the relevant properties' values, so unchanged relevant values give an unchanged hash. */
    String relevantHash(Map<String, String> properties) {
        StringBuilder text = new StringBuilder();
        for (String name : relevant) {
            String value = properties.get(name);
            if (value != null && !value.isEmpty()) {
                text.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
            }
        }
        return sha256(text.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
