package io.hubscore.scoring.bench;

import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.EngagementType;
import io.hubscore.config.LoadResult;
import io.hubscore.scoring.BandState;
import io.hubscore.scoring.ContactSnapshot;
import io.hubscore.scoring.EngagementEvent;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.ScoringInput;
import io.hubscore.scoring.ScoringModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scores one contact per operation with the fit-engagement-70 model: a full score with its explanation, band and
 * transition decision, nothing kept from one contact to the next. Contacts of 30 properties and 50 engagements
 * each are generated from a fixed seed before measuring (input records built, not timed) and scored in turn, so
 * neither the data nor the branches settle on one contact.
 *
 * <p>{@code contacts} is how many distinct contacts are scored in turn. The daemon scores a contact right after
 * reading it from the ledger, so its input is in the CPU's cache: 64 contacts (about 450 KB of input) stay
 * within a core's cache as that input does. 4,096 contacts (about 28 MB) do not, so every score also waits for
 * memory; that figure is reported too, as the cold-cache case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    /** Distinct contacts scored in turn; a power of two. */
    @Param({"64", "4096"})
    public int contacts;

    private ScoringModel model;
    private ScoringInput[] inputs;
    private int next;

    @Setup
    public void setUp() {
        String name = "fit-engagement-70.yaml";
        LoadResult loaded = new ConfigLoader(variable -> "unused").parse(name, BundledExamples.read(name));
        model = ScoringModel.compile(((LoadResult.Valid) loaded).config());
        Random random = new Random(42);
        inputs = new ScoringInput[contacts];
        for (int i = 0; i < contacts; i++) {
            inputs[i] = contact(random, i);
        }
    }

    @Benchmark
    public ScoreResult scoreOneContact() {
        ScoringInput input = inputs[next];
        next = (next + 1) & (contacts - 1);
        return model.score(input);
    }

    private static final String[] TITLES = {"VP Marketing", "Marketing Manager", "Head of Growth", "Engineer",
        "Director of Demand Generation", "CEO", "Student", "Sales Representative"};
    private static final String[] INDUSTRIES = {"Computer Software", "Internet", "Retail", "Marketing Agency",
        "Information Technology and Services", "Hospital & Health Care"};
    private static final String[] COUNTRIES = {"United States", "Canada", "Germany", "Brazil", "India", "France"};
    private static final String[] DOMAINS = {"gmail.com", "acme.io", "example.org", "yahoo.com", "corp.example.com"};

    static ScoringInput contact(Random random, int i) {
        Map<String, String> p = new HashMap<>();
        p.put("jobtitle", TITLES[random.nextInt(TITLES.length)]);
        p.put("industry", INDUSTRIES[random.nextInt(INDUSTRIES.length)]);
        p.put("numberofemployees", random.nextInt(10) == 0 ? "12 employees" : Integer.toString(random.nextInt(2000)));
        p.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        p.put("email", "person" + i + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
        p.put("company", random.nextInt(5) == 0 ? "" : "Company " + i);
        p.put("num_conversion_events", Integer.toString(random.nextInt(6)));
        p.put("hs_analytics_num_page_views", Integer.toString(random.nextInt(60)));
        p.put("hs_analytics_last_visit_timestamp",
                NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 60))).toString());
        p.put("hs_email_click", Integer.toString(random.nextInt(8)));
        p.put("lifecyclestage", random.nextInt(10) == 0 ? "customer" : "lead");
        p.put("hs_email_optout", random.nextInt(20) == 0 ? "true" : "false");
        p.put("hs_last_sales_activity_timestamp", Long.toString(NOW.toEpochMilli() - random.nextInt(1_000_000_000)));
        p.put("recent_conversion_date", "2026-02-" + String.format("%02d", 1 + random.nextInt(28)));
        p.put("notes_last_contacted", NOW.minus(Duration.ofHours(random.nextInt(24 * 90))).toString());
        String[] filler = {"firstname", "lastname", "phone", "city", "state", "zip", "website", "hs_object_id",
            "createdate", "lastmodifieddate", "hs_lead_status", "jobfunction", "seniority", "annualrevenue",
            "hs_analytics_source"};
        for (String name : filler) {
            p.put(name, name + "-" + random.nextInt(1000));
        }
        List<EngagementEvent> events = new ArrayList<>(50);
        for (int e = 0; e < 50; e++) {
            EngagementType type = EngagementType.values()[random.nextInt(EngagementType.values().length)];
            Instant at = NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 200)));
            Map<String, String> props = switch (type) {
                case MEETINGS -> Map.of("hs_meeting_outcome",
                        new String[] {"COMPLETED", "SCHEDULED", "NO_SHOW", "CANCELED"}[random.nextInt(4)]);
                case EMAILS -> Map.of("hs_email_direction",
                        new String[] {"EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"}[random.nextInt(3)]);
                case CALLS -> Map.of("hs_call_direction", random.nextBoolean() ? "INBOUND" : "OUTBOUND");
                default -> Map.of("hs_task_status", "COMPLETED");
            };
            events.add(new EngagementEvent(type, at, props));
        }
        BandState previous = random.nextBoolean() ? null
                : new BandState(new String[] {"MQL", "Nurture", "Cold"}[random.nextInt(3)],
                        NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(random.nextInt(30))));
        return new ScoringInput(new ContactSnapshot("c-" + i, p), events, random.nextInt(10) == 0, previous, NOW);
    }
}
