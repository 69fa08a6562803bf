package io.hubscore.daemon;

import io.hubscore.config.OutcomesConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Outcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome data the daemon pulls when the config has an {@code outcomes} section: each contact's lifecycle stage,
 * the time it entered each stage (HubSpot keeps it in {@code hs_lifecyclestage_<stage>_date}, so a contact pulled for
 * the first time brings its history) and its lead status; and each deal's amount, dates, stage and closed / won
 * state. None of these is scoring-relevant: a change in them never causes a rescore. Immutable.
 */
final class OutcomeFields {

    static final String LEAD_STATUS = "hs_lead_status";

    /** HubSpot's default lifecycle stages, in funnel order. */
    static final List<String> STANDARD_STAGES = List.of("subscriber", "lead", "marketingqualifiedlead",
            "salesqualifiedlead", "opportunity", "customer", "evangelist", "other");

    /** The deal properties an outcome report reads. */
    static final List<String> DEAL_PROPERTIES = List.of("amount", "closedate", "createdate", "dealstage",
            "hs_is_closed", "hs_is_closed_won", "pipeline");

    private OutcomeFields() {
    }

    /** HubSpot's contact property holding when a contact entered {@code stage}. */
    static String dateProperty(String stage) {
        return "hs_lifecyclestage_" + stage + "_date";
    }

    /** The stages whose entry dates are pulled: the standard ones and any other conversion stage. */
    static List<String> stages(OutcomesConfig outcomes) {
        Set<String> stages = new LinkedHashSet<>(STANDARD_STAGES);
        stages.addAll(outcomes.conversionStages());
        return List.copyOf(stages);
    }

    /** The contact properties pulled for outcomes; none without an {@code outcomes} section. */
    static List<String> contactProperties(OutcomesConfig outcomes) {
        if (outcomes == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        names.add(ContactFields.LIFECYCLE_STAGE);
        names.add(LEAD_STATUS);
        for (String stage : stages(outcomes)) {
            names.add(dateProperty(stage));
        }
        return names;
    }

    /** Records a pulled contact's outcome fields; does nothing without an {@code outcomes} section. */
    static void record(Ledger.Tx tx, long id, Map<String, String> properties, OutcomesConfig outcomes, long now) {
        if (outcomes == null) {
            return;
        }
        Map<String, Long> dates = new LinkedHashMap<>();
        for (String stage : stages(outcomes)) {
            Long at = HubSpotValues.epochMillis(properties.get(dateProperty(stage)));
            if (at != null) {
                dates.put(stage, at);
            }
        }
        tx.outcomes().observe(new Outcomes.Observed(id, properties.get(ContactFields.LIFECYCLE_STAGE), dates,
                properties.get(LEAD_STATUS)), now);
    }
}
