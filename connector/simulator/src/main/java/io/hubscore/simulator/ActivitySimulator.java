package io.hubscore.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Advances a portal by a number of changes, choosing contacts in proportion to their hidden conversion
 * propensity: likely buyers visit, click, reply and book meetings, and move through the sales stages.
 * Not thread-safe; one instance per call.
 */
final class ActivitySimulator {

    private static final List<String> FUNNEL = List.of("subscriber", "lead", "marketingqualifiedlead",
            "salesqualifiedlead", "opportunity", "customer");

    private final Portal portal;
    private final Random random;

    ActivitySimulator(Portal portal, Random random) {
        this.portal = portal;
        this.random = random;
    }

    List<ActivityChange> run(int changes) {
        List<ActivityChange> done = new ArrayList<>();
        long[] ids = contactIds();
        if (ids.length == 0) {
            return done;
        }
        for (int i = 0; i < changes; i++) {
            StoredObject contact = chooseContact(ids);
            if (contact != null) {
                done.add(act(contact));
            }
        }
        return done;
    }

    private long[] contactIds() {
        List<Long> ids = new ArrayList<>();
        for (StoredObject contact : portal.store(ObjectType.CONTACTS).all()) {
            if (!contact.state().archived()) {
                ids.add(contact.id);
            }
        }
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i);
        }
        return out;
    }

    /** Rejection sampling on the propensity, bounded so a portal of unlikely buyers still acts. */
    private StoredObject chooseContact(long[] ids) {
        StoredObject fallback = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            StoredObject contact = portal.store(ObjectType.CONTACTS).get(ids[random.nextInt(ids.length)]);
            if (contact == null || contact.state().archived()) {
                continue;
            }
            fallback = contact;
            if (random.nextDouble() < portal.propensity(contact.id)) {
                return contact;
            }
        }
        return fallback;
    }

    private ActivityChange act(StoredObject contact) {
        int roll = random.nextInt(100);
        if (roll < 25) {
            return engage(contact, ActivityChange.Kind.PAGE_VIEWS);
        }
        if (roll < 40) {
            return engage(contact, ActivityChange.Kind.EMAIL_CLICK);
        }
        if (roll < 52) {
            return engage(contact, ActivityChange.Kind.EMAIL_REPLY);
        }
        if (roll < 60) {
            return engage(contact, ActivityChange.Kind.MEETING_BOOKED);
        }
        if (roll < 72) {
            return engage(contact, ActivityChange.Kind.FORM_SUBMISSION);
        }
        return advance(contact, Long.toString(contact.id), contact.state().properties());
    }

    /**
     * One engagement of the contact now: page views, an email click, an email reply, a meeting booked or a form
     * submission ({@code kind} is one of these).
     */
    ActivityChange engage(StoredObject contact, ActivityChange.Kind kind) {
        String id = Long.toString(contact.id);
        Map<String, String> props = contact.state().properties();
        String now = Timestamps.iso(portal.now());
        switch (kind) {
            case PAGE_VIEWS -> {
                int views = count(props, "hs_analytics_num_page_views") + 1 + random.nextInt(5);
                portal.update(contact, Map.of("hs_analytics_num_page_views", Integer.toString(views),
                        "hs_analytics_num_visits", Integer.toString(count(props, "hs_analytics_num_visits") + 1),
                        "hs_analytics_last_visit_timestamp", now));
                return new ActivityChange(kind, id, id, Integer.toString(views));
            }
            case EMAIL_CLICK -> {
                int clicks = count(props, "hs_email_click") + 1;
                portal.update(contact, Map.of("hs_email_click", Integer.toString(clicks),
                        "hs_email_last_click_date", now));
                return new ActivityChange(kind, id, id, Integer.toString(clicks));
            }
            case EMAIL_REPLY -> {
                String email = portal.addEngagement(EngagementType.EMAILS, Map.of("hs_email_direction",
                        "INCOMING_EMAIL", "hs_email_status", "SENT", "hs_email_subject", "Re: Following up"),
                        List.of(id));
                portal.update(contact, Map.of("hs_email_replied",
                        Integer.toString(count(props, "hs_email_replied") + 1), "hs_email_last_reply_date", now));
                return new ActivityChange(kind, id, email, "INCOMING_EMAIL");
            }
            case MEETING_BOOKED -> {
                String start = Timestamps.iso(portal.now().plus(Duration.ofDays(1 + random.nextInt(7))));
                String meeting = portal.addEngagement(EngagementType.MEETINGS, Map.of("hs_meeting_outcome",
                        "SCHEDULED", "hs_meeting_start_time", start, "hs_meeting_title", "Demo"), List.of(id));
                portal.update(contact, Map.of("engagements_last_meeting_booked", now));
                return new ActivityChange(kind, id, meeting, "SCHEDULED");
            }
            case FORM_SUBMISSION -> {
                String form = PortalGenerator.CONVERSIONS.get(random.nextInt(PortalGenerator.CONVERSIONS.size()));
                portal.update(contact, Map.of("num_conversion_events",
                        Integer.toString(count(props, "num_conversion_events") + 1),
                        "recent_conversion_event_name", form, "recent_conversion_date", now));
                return new ActivityChange(kind, id, id, form);
            }
            default -> throw new IllegalArgumentException("not an engagement: " + kind);
        }
    }

    private ActivityChange advance(StoredObject contact, String id, Map<String, String> props) {
        int stage = FUNNEL.indexOf(props.getOrDefault("lifecyclestage", "lead"));
        if (stage < 0 || stage >= FUNNEL.size() - 1) {
            int views = count(props, "hs_analytics_num_page_views") + 1;
            portal.update(contact, Map.of("hs_analytics_num_page_views", Integer.toString(views)));
            return new ActivityChange(ActivityChange.Kind.PAGE_VIEWS, id, id, Integer.toString(views));
        }
        String next = FUNNEL.get(Math.max(stage + 1, FUNNEL.indexOf("marketingqualifiedlead")));
        if ("customer".equals(next)) {
            long[] deals = contact.linked(ObjectType.DEALS);
            if (deals.length > 0) {
                portal.closeDeal(Long.toString(deals[0]), true);
            }
        }
        portal.update(contact, Map.of("lifecyclestage", next));
        if ("opportunity".equals(next) && contact.linked(ObjectType.DEALS).length == 0) {
            String company = props.getOrDefault("company", "New");
            String deal = portal.createDeal(Map.of("dealname", company + " - new business",
                    "amount", Integer.toString(1000 + random.nextInt(100) * 100)), List.of(id));
            return new ActivityChange(ActivityChange.Kind.LIFECYCLE_STAGE, id, deal, next);
        }
        return new ActivityChange(ActivityChange.Kind.LIFECYCLE_STAGE, id, id, next);
    }

    static int count(Map<String, String> props, String name) {
        String value = props.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
