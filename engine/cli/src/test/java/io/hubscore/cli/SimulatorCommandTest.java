package io.hubscore.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorCommandTest {

    @Test
    void servesAPortalOnAFreePortAnnouncedOnTheFirstLineUntilStopped() throws Exception {
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread run = new Thread(() -> exit.set(cli.execute("--port", "0", "--contacts", "25", "--seed", "3",
                "--token", "cli-token")));
        run.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().lines().count() >= 2);
        String first = out.toString().lines().findFirst().orElseThrow();
        int status;
        int count;
        try (Response response = new OkHttpClient().newCall(new Request.Builder()
                .url(first.substring("listening on ".length()) + "/crm/v3/objects/contacts?limit=100")
                .header("Authorization", "Bearer cli-token").build()).execute()) {
            status = response.code();
            count = response.body().string().split("\"hs_object_id\"").length - 1;
        }
        command.stop();
        run.join(10_000);

        assertTrue(first.matches("listening on http://127\\.0\\.0\\.1:\\d+"), first);
        assertEquals(200, status);
        assertEquals(25, count);
        assertEquals(0, exit.get());
        assertTrue(!out.toString().contains("cli-token"), "the token is not printed");
    }

    @Test
    void withMappingsAMatchingStubAnswersBeforeThePortalAndEveryOtherRequestIsThePortals(@TempDir Path dir)
            throws Exception {
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("mappings/first-page-down.json"), """
                {"request": {"method": "GET", "url": "/crm/v3/objects/contacts?limit=100"},
                 "response": {"status": 503, "body": "stubbed"}}""");
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread run = new Thread(() -> exit.set(cli.execute("--contacts", "5", "--token", "cli-token",
                "--mappings", dir.toString())));
        run.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("serving 5 contacts"));
        String baseUrl = out.toString().lines().findFirst().orElseThrow().substring("listening on ".length());
        String stubbed = get(baseUrl + "/crm/v3/objects/contacts?limit=100");
        String portal = get(baseUrl + "/crm/v3/objects/contacts?limit=10");
        command.stop();
        run.join(10_000);

        assertEquals("503 stubbed", stubbed);
        assertTrue(portal.startsWith("200 "), portal);
        assertEquals(5, portal.split("\"hs_object_id\"").length - 1, portal);
        assertTrue(out.toString().contains("matching 1 WireMock stub mappings from " + dir), out.toString());
        assertEquals(0, exit.get());
    }

    private static String get(String url) throws Exception {
        try (Response response = new OkHttpClient().newCall(new Request.Builder().url(url)
                .header("Authorization", "Bearer cli-token").build()).execute()) {
            return response.code() + " " + response.body().string();
        }
    }

    @Test
    void aMappingsDirectoryWithoutWireMocksMappingsFolderIsAUserErrorWithExitTwo(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("simulator", "--contacts", "1", "--mappings", dir.toString());

        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("hubscore simulator: --mappings " + dir + ": has no mappings folder"),
                err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void aMissingSnapshotIsAUserErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("simulator", "--snapshot", "/nonexistent/portal.json");

        assertEquals(2, exit);
        assertTrue(err.toString().contains("--snapshot /nonexistent/portal.json"), err.toString());
    }
}
