package io.hubscore.scoring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** scoring's purity: a pure function of its arguments, on config and the JDK alone. */
@AnalyzeClasses(packages = "io.hubscore.scoring", importOptions = ImportOption.DoNotIncludeTests.class)
class ScoringArchitectureTest {

    private static final Set<String> CLOCK_OWNERS = Set.of(
            "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime",
            "java.time.ZonedDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.Year",
            "java.time.YearMonth", "java.time.MonthDay");

    @ArchTest
    static final ArchRule scoringDoesNoInputOrOutput = noClasses()
            .that().resideInAPackage("..scoring..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.net..", "java.sql..", "javax.sql..", "java.nio.file..", "java.nio.channels..",
                    "okhttp3..", "org.quartz..", "io.hubscore.client..", "io.hubscore.simulator..", "io.hubscore.ledger..", "io.hubscore.daemon..", "io.hubscore.cli..", "org.slf4j..", "ch.qos.logback..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
            .because("a score is a pure function of (snapshot, events, model version, now): scoring must not do "
                    + "HTTP, SQL, files or logging, so it can be replayed and explained exactly");

    @ArchTest
    static final ArchRule scoringNeverReadsTheClock = noClasses()
            .that().resideInAPackage("..scoring..")
            .should().callMethodWhere(readsTheClock())
            .because("time is an argument of scoring (now): reading the clock would make the same input give "
                    + "different scores, and decay and cooldown tests would depend on when they run");

    @ArchTest
    static final ArchRule scoringUsesOnlyConfigAndTheJdk = classes()
            .that().resideInAPackage("..scoring..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.hubscore.scoring..", "io.hubscore.config..",
                    "java..")
            .because("scoring depends on config and the JDK only: no library of its own can bring I/O, state or "
                    + "a second notion of time into a score");

    @ArchTest
    static final ArchRule scoringReadsNothingFromTheMachineItRunsOn = noClasses()
            .that().resideInAPackage("..scoring..")
            .should().accessTargetWhere(machineState())
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
            .because("the environment, system properties, the console, processes, sleeping and random numbers "
                    + "would make a score depend on where and when it ran, not on its input");

    private static DescribedPredicate<JavaAccess<?>> machineState() {
        return DescribedPredicate.describe(
                "it reads the environment, properties or the console, sleeps, or draws random numbers", access -> {
                    String owner = access.getTargetOwner().getFullName();
                    String name = access.getName();
                    return owner.equals("java.lang.System") && (name.equals("getenv") || name.equals("getProperty")
                                    || name.equals("getProperties") || name.equals("out") || name.equals("err")
                                    || name.equals("in") || name.equals("console"))
                            || owner.equals("java.lang.Thread") && name.equals("sleep")
                            || owner.equals("java.lang.Math") && name.equals("random")
                            || owner.equals("java.util.Random") || owner.equals("java.security.SecureRandom")
                            || owner.equals("java.util.concurrent.ThreadLocalRandom");
                });
    }

    private static DescribedPredicate<JavaMethodCall> readsTheClock() {
        return DescribedPredicate.describe("reads the system clock", call -> {
            String owner = call.getTargetOwner().getFullName();
            String name = call.getName();
            return CLOCK_OWNERS.contains(owner) && name.equals("now")
                    || owner.equals("java.time.Clock")
                            && (name.equals("systemUTC") || name.equals("systemDefaultZone") || name.equals("system"))
                    || owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime"));
        });
    }
}
