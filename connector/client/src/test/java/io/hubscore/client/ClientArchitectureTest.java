package io.hubscore.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What the client's classes may know of, checked where WireMock and the simulator are on the classpath. */
@AnalyzeClasses(packages = "io.hubscore.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ClientArchitectureTest {

    @ArchTest
    static final ArchRule theClientKnowsNothingOfWireMockQuartzSqlOrTheEngine = noClasses()
            .that().resideInAPackage("io.hubscore.client..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.github.tomakehurst..", "org.wiremock..", "wiremock..", "org.eclipse.jetty..",
                    "org.quartz..", "java.sql..", "javax.sql..", "org.sqlite..",
                    "io.hubscore.simulator..", "io.hubscore.scoring..", "io.hubscore.ledger..",
                    "io.hubscore.daemon..", "io.hubscore.cli..")
            .because("the client is HubSpot's API as it is, for any caller: it is built to HubSpot's real API and "
                    + "tested against the simulator over HTTP, never through its classes, and scheduling and "
                    + "storage belong to the engine");
}
