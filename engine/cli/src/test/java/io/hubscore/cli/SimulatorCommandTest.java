package io.hubscore.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
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
    void aMissingSnapshotIsAUserErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("simulator", "--snapshot", "/nonexistent/portal.json");

        assertEquals(2, exit);
        assertTrue(err.toString().contains("--snapshot /nonexistent/portal.json"), err.toString());
    }
}
