package io.hubscore.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arrows between modules that Maven cannot express, checked on the main classes of every module (the
 * command line's tests see them all). Each rule says why it holds.
 */
@AnalyzeClasses(packages = "io.hubscore",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** Leaves out test fixtures that come as jars (the daemon's test-jar), as the default option does for folders. */
    public static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule onlyTheSingleWriterCallsBatchUpdate = noClasses()
            .that().resideOutsideOfPackage("io.hubscore.client..")
            .and(notIn(Set.of("io.hubscore.daemon.WriteBack")))
            .should().callMethodWhere(target("HubSpotClient.batchUpdate", "io.hubscore.client.HubSpotClient", "batchUpdate"))
            .because("one writer per portal: WriteBack drains the outbox in order, coalesces per contact and marks "
                    + "a row delivered only after HubSpot answered for it; a second caller would write values "
                    + "the ledger never queued and break the nothing-lost and conflict guarantees");

    @ArchTest
    static final ArchRule onlyTheLedgerUsesSql = noClasses()
            .that().resideOutsideOfPackage("io.hubscore.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..")
            .because("the ledger owns every SQL statement and stored format behind typed rows and units of work, "
                    + "so the schema can change in one module and every checkpoint moves with the data it covers");

    @ArchTest
    static final ArchRule onlyTheCommandLineBuildsRealTimeOrRandomness = noClasses()
            .that().resideOutsideOfPackage("io.hubscore.cli..")
            .should().callMethodWhere(readsOrBuildsRealTime())
            .orShould().callConstructorWhere(buildsUnseededRandomness())
            .because("the command line is the one composition root: everything else is handed a Clock, a Sleeper "
                    + "and a seeded Random, so retries, decay, cooldowns and faults are tested with fake time and "
                    + "run the same on every machine");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("io.hubscore.(**)")
            .should().beFreeOfCycles()
            .because("dependencies point one way (cli -> daemon -> ledger, scoring, client -> config); a cycle "
                    + "between packages is an arrow pointing back");

    /** Classes other than those named and the classes nested in them. */
    private static DescribedPredicate<JavaClass> notIn(Set<String> names) {
        return DescribedPredicate.describe("are not (in) " + new TreeSet<>(names),
                javaClass -> !names.contains(javaClass.getName().split("\\$")[0]));
    }

    private static <T extends JavaAccess<?>> DescribedPredicate<T> target(String description, String owner,
            String... names) {
        Set<String> wanted = Set.of(names);
        return DescribedPredicate.describe("the target is " + description,
                access -> access.getTargetOwner().getName().equals(owner) && wanted.contains(access.getName()));
    }

    /** The system clock read, a real clock, sleeper or shared random source taken, or the thread put to sleep. */
    private static DescribedPredicate<JavaCodeUnitAccess<?>> readsOrBuildsRealTime() {
        Set<String> clockTypes = Set.of("java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime",
                "java.time.LocalTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime",
                "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");
        return DescribedPredicate.describe(
                "it reads the system clock, takes a real Clock, Sleeper or random source, or sleeps", call -> {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    boolean noArguments = call.getTarget().getRawParameterTypes().isEmpty();
                    return clockTypes.contains(owner) && name.equals("now") && noArguments
                            || owner.equals("java.time.Clock") && name.startsWith("system")
                            || owner.equals("java.lang.System")
                                    && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
                            || owner.equals("io.hubscore.client.Sleeper") && name.equals("real")
                            || owner.equals("java.lang.Thread") && name.equals("sleep")
                                    && !call.getOriginOwner().getName().equals("io.hubscore.client.Sleeper")
                            || owner.equals("java.util.concurrent.ThreadLocalRandom") && name.equals("current")
                            || owner.equals("java.lang.Math") && name.equals("random");
                });
    }

    /** A random source that is not seeded: java.util.Random's no-argument constructor, or SecureRandom. */
    private static DescribedPredicate<JavaCodeUnitAccess<?>> buildsUnseededRandomness() {
        return DescribedPredicate.describe("it builds an unseeded Random", call -> {
            String owner = call.getTargetOwner().getName();
            return owner.equals("java.util.Random") && call.getTarget().getRawParameterTypes().isEmpty()
                    || owner.equals("java.security.SecureRandom");
        });
    }
}
