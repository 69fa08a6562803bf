package io.hubscore.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The daemon and everything below it take time, waiting and randomness from their options: only the command line
 * (not on this module's class path) builds the real ones. The simulator, a program of its own, is left out: it runs
 * on the clock in its options and seeds its randomness.
 */
@AnalyzeClasses(packages = {"io.hubscore.config", "io.hubscore.client", "io.hubscore.scoring", "io.hubscore.ledger",
    "io.hubscore.daemon"}, importOptions = {ImportOption.DoNotIncludeTests.class, CompositionRootTest.NoTestJars.class})
class CompositionRootTest {

    private static final Set<String> NOW_OWNERS = Set.of("java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime");

    @ArchTest
    static final ArchRule nothingBelowTheCommandLineMakesItsOwnTimeWaitsOrRandomness = noClasses()
            .that().doNotHaveFullyQualifiedName("io.hubscore.client.Sleeper")
            .should().callCodeUnitWhere(makesItsOwn())
            .because("a test on a fake clock must never wait in real time, and jitter must be seedable: the clock, "
                    + "the sleeper and the Random come in through Daemon.Options and ClientSettings");

    private static DescribedPredicate<JavaCall<?>> makesItsOwn() {
        return DescribedPredicate.describe("reads the system clock, sleeps, or makes a Random", call -> {
            String owner = call.getTargetOwner().getFullName();
            String name = call.getName();
            return NOW_OWNERS.contains(owner) && name.equals("now")
                    || owner.equals("java.time.Clock") && name.startsWith("system")
                    || owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
                    || owner.equals("java.lang.Thread") && name.equals("sleep")
                    || owner.equals("io.hubscore.client.Sleeper") && name.equals("real")
                    || owner.equals("java.util.Random") && name.equals("<init>");
        });
    }

    /** The other modules' test fixtures come in as test-jars, which {@code DoNotIncludeTests} does not recognise. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
