package io.hubscore.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the market does with a portal's contacts while time passes: the ground truth an outcome report is measured
 * against. Each contact's hidden propensity (its fit plus a random intent, which its generated engagement reflects
 * with noise) sets its daily chances: to engage (likely buyers engage more often, and more often by reply or
 * meeting), to move along the funnel (subscriber, lead, marketing-qualified, sales-qualified, opportunity), to get a
 * deal once it is an opportunity, and to win that deal (then it becomes a customer) or lose it. The chance of
 * becoming sales-qualified grows with the cube of the propensity, as sales accept the likely buyers and turn away the
 * rest; nothing here reads a score, so a model predicts these outcomes only as far as its rules reflect the
 * propensity. Changes are made now, on the portal's clock, so HubSpot's stage dates and deal dates say when they
 * happened. Deterministic for a given portal, random and sequence of calls; not thread-safe.
 */
final class Market {

    static final List<String> FUNNEL = List.of("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
            "opportunity", "customer");
    private static final int SUBSCRIBER = 0;
    private static final int LEAD = 1;
    private static final int MQL = 2;
    private static final int SQL = 3;
    private static final int OPPORTUNITY = 4;

    private static final double DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final Portal portal;
    private final Random random;
    private final ActivitySimulator activity;

    Market(Portal portal, Random random) {
        this.portal = portal;
        this.random = random;
        this.activity = new ActivitySimulator(portal, random);
    }

    /**
     * Plays {@code elapsed} of market time that has just passed (the portal's clock already moved): every live
     * contact, in id order, may engage and take one step along the funnel; open deals may close. Returns what
     * changed, in order. Meant to be called once per simulated day: changes are stamped at the clock's "now".
     */
    List<ActivityChange> play(Duration elapsed) {
        double days = elapsed.toMillis() / DAY_MILLIS;
        List<ActivityChange> changes = new ArrayList<>();
        if (days <= 0) {
            return changes;
        }
        for (StoredObject contact : List.copyOf(portal.store(ObjectType.CONTACTS).all())) {
            if (contact.state().archived()) {
                continue;
            }
            double p = portal.propensity(contact.id);
            engage(contact, p, days, changes);
            closeDeals(contact, p, days, changes);
            step(contact, p, days, changes);
        }
        return changes;
    }

    /** Engagements at a daily rate that grows with the propensity; likely buyers reply and book meetings more. */
    private void engage(StoredObject contact, double p, double days, List<ActivityChange> changes) {
        if (!happens(0.004 + 0.09 * p, days)) {
            return;
        }
        double roll = random.nextDouble();
        double meeting = 0.03 + 0.25 * p;
        double reply = meeting + 0.05 + 0.25 * p;
        ActivityChange.Kind kind = roll < meeting ? ActivityChange.Kind.MEETING_BOOKED
                : roll < reply ? ActivityChange.Kind.EMAIL_REPLY
                : roll < reply + 0.15 ? ActivityChange.Kind.FORM_SUBMISSION
                : roll < reply + 0.35 ? ActivityChange.Kind.EMAIL_CLICK
                : ActivityChange.Kind.PAGE_VIEWS;
        changes.add(activity.engage(contact, kind));
    }

    /** At most one step along the funnel; an opportunity gets its deal. */
    private void step(StoredObject contact, double p, double days, List<ActivityChange> changes) {
        Map<String, String> props = contact.state().properties();
        int stage = FUNNEL.indexOf(props.getOrDefault("lifecyclestage", "lead"));
        if (stage < 0 || stage >= OPPORTUNITY) {
            return; // a customer, an opportunity waiting on its deal, or a stage outside the funnel
        }
        double perDay = switch (stage) {
            case SUBSCRIBER -> 0.004 + 0.02 * p;
            case LEAD, MQL -> 0.15 * p * p * p;        // to sales-qualified: sales accepts a likely buyer
            default -> 0.02 + 0.10 * p;                // sales-qualified to opportunity
        };
        if (!happens(perDay, days)) {
            if (stage == LEAD && happens(0.01 * p, days)) {
                changes.add(moveTo(contact, MQL));
            }
            return;
        }
        int next = stage == SUBSCRIBER ? LEAD : stage == LEAD || stage == MQL ? SQL : OPPORTUNITY;
        changes.add(moveTo(contact, next));
        if (next == OPPORTUNITY && openDeals(contact).isEmpty()) {
            String company = props.getOrDefault("company", "New");
            String deal = portal.createDeal(Map.of("dealname", company + " - new business",
                    "amount", Integer.toString(1000 + random.nextInt(100) * 100)), List.of(Long.toString(contact.id)));
            changes.add(new ActivityChange(ActivityChange.Kind.DEAL_CREATED, Long.toString(contact.id), deal,
                    "appointmentscheduled"));
        }
    }

    /** Each open deal closes after about a month on average; it is won more often the likelier the buyer. */
    private void closeDeals(StoredObject contact, double p, double days, List<ActivityChange> changes) {
        for (StoredObject deal : openDeals(contact)) {
            if (!happens(1.0 / 30, days)) {
                continue;
            }
            boolean won = random.nextDouble() < Math.min(0.9, 0.1 + 0.8 * p);
            String dealId = Long.toString(deal.id);
            portal.closeDeal(dealId, won);
            changes.add(new ActivityChange(ActivityChange.Kind.DEAL_CLOSED, Long.toString(contact.id), dealId,
                    won ? "closedwon" : "closedlost"));
            if (won && !"customer".equals(contact.state().properties().get("lifecyclestage"))) {
                changes.add(moveTo(contact, FUNNEL.indexOf("customer")));
            } else if (!won) {
                portal.update(contact, Map.of("hs_lead_status", "UNQUALIFIED"));
            }
        }
    }

    private List<StoredObject> openDeals(StoredObject contact) {
        List<StoredObject> open = new ArrayList<>();
        for (long id : contact.linked(ObjectType.DEALS)) {
            StoredObject deal = portal.store(ObjectType.DEALS).get(id);
            if (deal != null && !deal.state().archived()
                    && !"true".equals(deal.state().properties().get("hs_is_closed"))) {
                open.add(deal);
            }
        }
        return open;
    }

    private ActivityChange moveTo(StoredObject contact, int stage) {
        String name = FUNNEL.get(stage);
        portal.update(contact, Map.of("lifecyclestage", name));
        String id = Long.toString(contact.id);
        return new ActivityChange(ActivityChange.Kind.LIFECYCLE_STAGE, id, id, name);
    }

    /** Whether an event of this daily rate happens within {@code days}. */
    private boolean happens(double perDay, double days) {
        return random.nextDouble() < 1 - Math.exp(-perDay * days);
    }
}
