package io.hubscore.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds a synthetic portal from a seeded RNG: contacts with realistic (and sometimes messy) property
 * values, engagements over the last 180 days, deals, and a hidden conversion propensity per contact
 * that the behaviour data loosely reflects. The same seed and clock give the same portal. Not thread-safe;
 * use once.
 */
final class PortalGenerator {

    static final List<String> FIRST_NAMES = List.of("Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Leo",
            "Sophie", "Hugo", "Chloe", "Finn", "Lena", "Jonas", "Clara", "Sam", "Nora", "Ethan", "Ines", "Louis",
            "Hannah", "Daan", "Julia", "Matteo", "Aoife", "Sean", "Grace", "Oscar", "Amelie", "Tom", "Zoe", "Max",
            "Priya", "Omar", "Yuki", "Carlos", "Fatima", "Ivan", "Elena", "Kofi");
    static final List<String> LAST_NAMES = List.of("Smith", "Johnson", "Brown", "Martin", "Dubois", "Muller",
            "Schmidt", "de Vries", "Jansen", "Peeters", "Murphy", "Kelly", "Walsh", "Wilson", "Taylor", "Roux",
            "Bernard", "Weber", "Fischer", "Bakker", "Visser", "Janssens", "Weiss", "Huber", "Gruber", "Lambert",
            "Moreau", "Tremblay", "Gagnon", "Roy", "Clarke", "Evans", "Hughes", "Garcia", "Rossi", "Novak",
            "Nguyen", "Kim", "Singh", "Haddad");
    static final List<String> COMPANY_WORDS = List.of("Acme", "Brightline", "Northwind", "Bluepeak", "Lumen",
            "Copperleaf", "Redfox", "Silverline", "Greenfield", "Harbor", "Summit", "Vertex", "Orbit", "Pixel",
            "Beacon", "Cedar", "Falcon", "Granite", "Helix", "Ionic", "Juniper", "Keystone", "Lighthouse", "Maple");
    static final List<String> COMPANY_SUFFIXES = List.of("Media", "Labs", "Digital", "Group", "Studio", "Partners",
            "Software", "Consulting", "Agency", "Systems");
    static final List<String> FREE_MAIL = List.of("gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com");

    /** Job titles with a weight and how much each adds to the conversion propensity. */
    private record Weighted(String value, int weight, double lift) {
    }

    private static final List<Weighted> TITLES = List.of(
            new Weighted("Marketing Manager", 14, 0.20), new Weighted("Director of Marketing", 8, 0.25),
            new Weighted("Agency Owner", 6, 0.30), new Weighted("Head of Growth", 4, 0.20),
            new Weighted("VP Marketing", 3, 0.25), new Weighted("CMO", 2, 0.25),
            new Weighted("Content Marketing Specialist", 5, 0.10), new Weighted("Marketing Coordinator", 5, 0.08),
            new Weighted("Sales Manager", 5, 0.05), new Weighted("Account Executive", 4, 0.02),
            new Weighted("CEO", 4, 0.15), new Weighted("Founder", 4, 0.15), new Weighted("Software Engineer", 6, -0.05),
            new Weighted("Product Manager", 4, 0.02), new Weighted("Office Manager", 3, -0.02),
            new Weighted("Operations Manager", 3, 0.0), new Weighted("Consultant", 4, 0.03),
            new Weighted("Designer", 3, -0.02), new Weighted("HR Manager", 2, -0.05),
            new Weighted("Student", 6, -0.20), new Weighted("Intern", 4, -0.18),
            new Weighted("Marketing Intern", 2, -0.15), new Weighted("", 3, -0.05));
    private static final List<Weighted> INDUSTRIES = List.of(
            new Weighted("Marketing Agency", 12, 0.15), new Weighted("Marketing and Advertising", 8, 0.10),
            new Weighted("Computer Software", 10, 0.05), new Weighted("Information Technology and Services", 8, 0.03),
            new Weighted("Retail", 6, 0.0), new Weighted("Financial Services", 5, 0.0),
            new Weighted("Higher Education", 5, -0.10), new Weighted("Hospital & Health Care", 4, -0.02),
            new Weighted("Real Estate", 4, 0.0), new Weighted("Consumer Goods", 4, 0.02),
            new Weighted("Nonprofit Organization Management", 3, -0.05), new Weighted("Construction", 3, -0.03),
            new Weighted("Hospitality", 3, -0.02), new Weighted("E-Learning", 3, 0.02), new Weighted("", 4, -0.03));
    private static final List<Weighted> COUNTRIES = List.of(
            new Weighted("United States", 30, 0.03), new Weighted("Canada", 6, 0.02),
            new Weighted("United Kingdom", 10, 0.03), new Weighted("Ireland", 4, 0.02),
            new Weighted("France", 6, 0.02), new Weighted("Germany", 7, 0.02), new Weighted("Netherlands", 5, 0.02),
            new Weighted("Belgium", 3, 0.02), new Weighted("Luxembourg", 1, 0.02), new Weighted("Switzerland", 2, 0.02),
            new Weighted("Austria", 2, 0.02), new Weighted("Spain", 3, 0.0), new Weighted("Italy", 3, 0.0),
            new Weighted("Sweden", 2, 0.0), new Weighted("Australia", 4, 0.0), new Weighted("India", 5, -0.05),
            new Weighted("Brazil", 3, -0.03), new Weighted("Japan", 2, -0.02), new Weighted("", 2, -0.03));
    static final List<String> CONVERSIONS = List.of("Downloaded: Agency Growth Case Study", "Contact us",
            "Newsletter signup", "Webinar registration: Scoring leads that sales trust", "Pricing page demo request",
            "Read the Northwind case study", "Ebook: The RevOps playbook", "Free trial signup",
            "Case Study: How Lumen doubled MQLs", "Blog subscription");
    private static final String[] CALL_DISPOSITIONS = {"f240bbac-87c9-4f6e-bf70-924b57d47db7",
        "73a0d17f-1163-4015-bdd5-ec830791da20", "b2cf5968-551e-4856-9783-52b3da59a7d0",
        "a4c4c377-d246-4b32-a13b-75a56a4cd0ff", "9d9162e7-6cf3-4944-bf63-4dff82258764"};

    private final Random random;
    private final Clock clock;
    private Instant now;

    PortalGenerator(Random random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    Portal generate(int contacts) {
        Portal portal = new Portal(clock);
        now = clock.instant();
        for (int i = 0; i < contacts; i++) {
            contact(portal);
        }
        return portal;
    }

    private void contact(Portal portal) {
        long id = portal.store(ObjectType.CONTACTS).allocateId(1 + random.nextInt(3));
        Weighted title = pick(TITLES);
        Weighted industry = pick(INDUSTRIES);
        Weighted country = pick(COUNTRIES);
        double propensity = clamp(0.12 + title.lift() + industry.lift() + country.lift() + random.nextGaussian() * 0.12);

        Instant created = now.minus(Duration.ofMinutes(60 + random.nextInt(3 * 365 * 24 * 60)));
        Instant modified = between(created, now);
        String first = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
        String last = LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
        String company = COMPANY_WORDS.get(random.nextInt(COMPANY_WORDS.size())) + " "
                + COMPANY_SUFFIXES.get(random.nextInt(COMPANY_SUFFIXES.size()));
        String domain = random.nextInt(5) == 0 ? FREE_MAIL.get(random.nextInt(FREE_MAIL.size()))
                : company.toLowerCase(Locale.ROOT).replace(' ', '-') + (random.nextInt(3) == 0 ? ".io" : ".com");

        Map<String, String> p = new HashMap<>(40);
        p.put("hs_object_id", Long.toString(id));
        p.put("firstname", first);
        p.put("lastname", last);
        p.put("email", (first + "." + last).toLowerCase(Locale.ROOT).replace(' ', '-') + id % 1000 + "@" + domain);
        p.put("company", company);
        putIfNotEmpty(p, "jobtitle", title.value());
        putIfNotEmpty(p, "industry", industry.value());
        putIfNotEmpty(p, "country", country.value());
        p.put("numberofemployees", employees());
        p.put("lifecyclestage", stage(propensity));
        p.put(DefaultSchemas.stageDate(p.get("lifecyclestage")), Timestamps.iso(modified));
        p.put("hs_email_optout", random.nextInt(20) == 0 ? "true" : "false");
        if (random.nextInt(3) == 0) {
            p.put("hs_lead_status", DefaultSchemas.LEAD_STATUSES.get(random.nextInt(DefaultSchemas.LEAD_STATUSES.size())));
        }

        double activity = propensity * 2 + random.nextDouble();
        int visits = (int) (activity * random.nextInt(12));
        int views = visits + (int) (activity * random.nextInt(40));
        p.put("hs_analytics_num_visits", Integer.toString(visits));
        p.put("hs_analytics_num_page_views", Integer.toString(views));
        if (visits > 0) {
            p.put("hs_analytics_last_visit_timestamp", Timestamps.iso(between(now.minus(Duration.ofDays(200)), now)));
        }
        int conversions = random.nextDouble() < 0.25 + propensity ? 1 + random.nextInt(1 + (int) (activity * 3)) : 0;
        p.put("num_conversion_events", Integer.toString(conversions));
        p.put("num_unique_conversion_events", Integer.toString(Math.min(conversions, 1 + conversions / 2)));
        if (conversions > 0) {
            p.put("recent_conversion_event_name", CONVERSIONS.get(random.nextInt(CONVERSIONS.size())));
            p.put("recent_conversion_date", Timestamps.iso(between(now.minus(Duration.ofDays(180)), now)));
        }
        int opens = random.nextInt(30);
        int clicks = (int) (opens * propensity * random.nextDouble());
        p.put("hs_email_open", Integer.toString(opens));
        p.put("hs_email_click", Integer.toString(clicks));
        if (clicks > 0) {
            p.put("hs_email_last_click_date", Timestamps.iso(between(now.minus(Duration.ofDays(120)), now)));
        }
        String createdStamp = Timestamps.iso(created);
        String modifiedStamp = Timestamps.iso(modified);
        p.put("createdate", createdStamp);
        p.put("lastmodifieddate", modifiedStamp);
        p.put("hs_lastmodifieddate", modifiedStamp);

        int deals = 0;
        if (random.nextDouble() < propensity * 0.4) {
            deals = 1;
        }
        p.put("num_associated_deals", Integer.toString(deals));
        portal.insert(ObjectType.CONTACTS, new ObjectState(id, p, created, modified, false, null));
        portal.propensity(id, propensity);

        int engagements = (int) Math.round(random.nextDouble() * (1 + propensity * 6));
        for (int i = 0; i < engagements; i++) {
            engagement(portal, id, propensity);
        }
        if (deals > 0) {
            deal(portal, id, company, p.get("lifecyclestage"));
        }
    }

    private void engagement(Portal portal, long contactId, double propensity) {
        int kind = random.nextInt(10);
        ObjectType type = kind < 4 ? ObjectType.EMAILS : kind < 6 ? ObjectType.CALLS : kind < 7 ? ObjectType.MEETINGS
                : kind < 9 ? ObjectType.NOTES : ObjectType.TASKS;
        Instant when = now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60)));
        Map<String, String> p = new HashMap<>(12);
        p.put("hs_timestamp", Timestamps.iso(when));
        switch (type) {
            case EMAILS -> {
                double roll = random.nextDouble();
                p.put("hs_email_direction", roll < propensity * 0.6 ? "INCOMING_EMAIL" : roll > 0.93 ? "FORWARDED_EMAIL" : "EMAIL");
                p.put("hs_email_status", "SENT");
                p.put("hs_email_subject", random.nextBoolean() ? "Quick question" : "Following up on your download");
            }
            case CALLS -> {
                p.put("hs_call_direction", random.nextInt(4) == 0 ? "INBOUND" : "OUTBOUND");
                p.put("hs_call_disposition", CALL_DISPOSITIONS[random.nextInt(CALL_DISPOSITIONS.length)]);
                p.put("hs_call_duration", Integer.toString(random.nextInt(1_800_000)));
                p.put("hs_call_status", "COMPLETED");
                p.put("hs_call_title", "Discovery call");
            }
            case MEETINGS -> {
                String[] outcomes = {"SCHEDULED", "COMPLETED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"};
                p.put("hs_meeting_outcome", outcomes[random.nextInt(outcomes.length)]);
                p.put("hs_meeting_start_time", Timestamps.iso(when));
                p.put("hs_meeting_end_time", Timestamps.iso(when.plus(Duration.ofMinutes(30))));
                p.put("hs_meeting_title", "Intro meeting");
            }
            case NOTES -> p.put("hs_note_body", random.nextBoolean() ? "Asked about pricing." : "Left a voicemail.");
            default -> {
                String[] statuses = {"NOT_STARTED", "IN_PROGRESS", "COMPLETED", "COMPLETED"};
                String[] kinds = {"EMAIL", "CALL", "TODO"};
                p.put("hs_task_status", statuses[random.nextInt(statuses.length)]);
                p.put("hs_task_type", kinds[random.nextInt(kinds.length)]);
                p.put("hs_task_subject", "Follow up");
            }
        }
        Instant modified = between(when, now);
        long id = portal.store(type).allocateId();
        p.put("hs_object_id", Long.toString(id));
        p.put("hs_createdate", Timestamps.iso(when));
        p.put("hs_lastmodifieddate", Timestamps.iso(modified));
        portal.insert(type, new ObjectState(id, p, when, modified, false, null));
        portal.link(type, id, ObjectType.CONTACTS, contactId);
    }

    private void deal(Portal portal, long contactId, String company, String stage) {
        Instant created = now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60)));
        Instant modified = between(created, now);
        boolean closed = "customer".equals(stage) || random.nextInt(4) == 0;
        boolean won = "customer".equals(stage) || (closed && random.nextBoolean());
        String dealStage = closed ? (won ? "closedwon" : "closedlost")
                : DefaultSchemas.DEAL_STAGES.get(random.nextInt(DefaultSchemas.DEAL_STAGES.size() - 2));
        long id = portal.store(ObjectType.DEALS).allocateId();
        Map<String, String> p = new HashMap<>(14);
        p.put("hs_object_id", Long.toString(id));
        p.put("dealname", company + " - new business");
        p.put("dealstage", dealStage);
        p.put("pipeline", "default");
        p.put("amount", Integer.toString(500 + random.nextInt(200) * 100));
        p.put("hs_is_closed", Boolean.toString(closed));
        p.put("hs_is_closed_won", Boolean.toString(won));
        if (closed) {
            p.put("closedate", Timestamps.iso(modified));
        }
        p.put("createdate", Timestamps.iso(created));
        p.put("hs_createdate", Timestamps.iso(created));
        p.put("hs_lastmodifieddate", Timestamps.iso(modified));
        portal.insert(ObjectType.DEALS, new ObjectState(id, p, created, modified, false, null));
        portal.link(ObjectType.DEALS, id, ObjectType.CONTACTS, contactId);
    }

    private String employees() {
        int roll = random.nextInt(100);
        if (roll < 3) {
            return "";
        }
        if (roll < 6) {
            String[] messy = {"12 employees", "50-200", "~30", "n/a", "1,200"};
            return messy[random.nextInt(messy.length)];
        }
        int[] sizes = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000};
        return Integer.toString(1 + random.nextInt(sizes[random.nextInt(sizes.length)]));
    }

    private String stage(double propensity) {
        double roll = random.nextDouble();
        if (roll < 0.10) {
            return "subscriber";
        }
        if (roll < 0.60) {
            return "lead";
        }
        if (roll < 0.80) {
            return "marketingqualifiedlead";
        }
        if (roll < 0.80 + propensity * 0.15) {
            return "salesqualifiedlead";
        }
        if (roll < 0.80 + propensity * 0.25) {
            return "opportunity";
        }
        if (roll < 0.80 + propensity * 0.30) {
            return "customer";
        }
        return roll < 0.97 ? "lead" : "other";
    }

    private Weighted pick(List<Weighted> choices) {
        int total = 0;
        for (Weighted choice : choices) {
            total += choice.weight();
        }
        int roll = random.nextInt(total);
        for (Weighted choice : choices) {
            roll -= choice.weight();
            if (roll < 0) {
                return choice;
            }
        }
        return choices.get(choices.size() - 1);
    }

    private Instant between(Instant from, Instant to) {
        long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        return from.plusMillis((long) (random.nextDouble() * span));
    }

    private static void putIfNotEmpty(Map<String, String> p, String name, String value) {
        if (!value.isEmpty()) {
            p.put(name, value);
        }
    }

    private static double clamp(double value) {
        return Math.max(0.01, Math.min(0.95, value));
    }
}
