package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.SecretRef;
import io.hubscore.config.SyncConfig;
import io.hubscore.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * The container image (docker/Dockerfile) and the compose file (docker/compose.yaml) agree with what
 * the build produces, with the real {@code hubscore} command line and with the config layout. Reads
 * the files only: no Docker engine is needed.
 */
class DockerPackagingTest {

    /** Surefire runs these tests in engine/cli/. */
    private static final Path ROOT = Path.of("../..");
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final List<String> SERVICES = List.of("portal-eu", "portal-us");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dockerfile dockerfile = Dockerfile.read(DOCKER.resolve("Dockerfile"));
    private final Dockerfile.Stage build = dockerfile.stages().get(0);
    private final Dockerfile.Stage runtime = dockerfile.stages().get(dockerfile.stages().size() - 1);

    @Nested
    class TheImage {

        @Test
        void buildsWithMavenOnJdk17AndRunsOnAJre17() {
            assertEquals(2, dockerfile.stages().size(), "a build stage and a runtime stage");
            assertEquals("maven:3.9-eclipse-temurin-17", build.image());
            assertEquals("eclipse-temurin:17-jre", runtime.image());
        }

        @Test
        void theCommandLinePomShadesTheRunnableJarIntoEngineTargetUnderTheNameTheImageCopies() {
            String jar = shadedJarName();

            assertEquals("hubscore.jar", jar);
            assertEquals(jar, Path.of(copiedJar().destination()).getFileName().toString());
        }

        @Test
        void theRuntimeStageCopiesTheJarFromWhereTheBuildStagePutsIt() {
            String workdir = build.workdir();
            Dockerfile.Copy copy = copiedJar();

            assertEquals(build.name(), copy.from(), "the jar is copied from the build stage");
            assertEquals(resolve(workdir, "engine/target/" + shadedJarName()), copy.source());
            assertTrue(build.copies().stream().anyMatch(c -> c.source().equals("pom.xml")
                            && resolve(workdir, c.destination()).equals(workdir)),
                    "the build stage puts the reactor's pom in " + workdir + ", where mvn runs");
            for (String module : reactorModules()) {
                assertTrue(build.copies().stream().anyMatch(c -> trimSlash(c.source()).equals(module)
                                && resolve(workdir, c.destination()).equals(resolve(workdir, module))),
                        "the build stage copies module " + module + " to " + resolve(workdir, module));
            }
            assertTrue(build.runs().stream().anyMatch(r -> r.contains("mvn -B -DskipTests package")),
                    "the build stage packages the reactor");
        }

        @Test
        void theEntrypointRunsTheCopiedJarWithAHeapSizedToTheContainer() {
            List<String> entrypoint = runtime.execForm("ENTRYPOINT");

            assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", copiedJar().destination()), entrypoint);
        }

        @Test
        void theDefaultCommandNamesARealSubcommandWithItsRealOptions() {
            List<String> cmd = runtime.execForm("CMD");

            assertEquals("run", cmd.get(0), "the image runs the daemon by default");
            assertIsAHubscoreCommandLine(cmd, "the Dockerfile's CMD");
        }

        @Test
        void theDefaultCommandReadsTheMountedConfigAndKeepsTheLedgerOnTheVolume() {
            List<String> cmd = runtime.execForm("CMD");

            assertEquals("/etc/hubscore/hubscore.yaml", optionValue(cmd, "--config"));
            assertEquals(volume(), Path.of(optionValue(cmd, "--ledger")).getParent().toString());
        }

        @Test
        void theDaemonRunsAsTheNonRootUserTheImageCreates() {
            String user = runtime.last("USER").args();
            String uid = user.split(":")[0];
            String createUser = runtime.runs().stream().filter(r -> r.contains("useradd")).findFirst()
                    .orElseThrow(() -> new AssertionError("the runtime stage creates no user"));

            assertTrue(uid.matches("\\d+"), "USER is numeric, so runAsNonRoot can check it: " + user);
            assertNotEquals("0", uid, "the daemon must not run as root");
            assertEquals("10001", uid);
            assertTrue(createUser.matches("(?s).*--uid " + uid + "\\b.*hubscore.*"),
                    "the image creates user hubscore with uid " + uid + ": " + createUser);
        }

        @Test
        void theLedgerVolumeIsOwnedByTheUserBeforeItIsDeclared() {
            String volume = volume();
            int chown = runtime.indexOf(i -> i.keyword().equals("RUN")
                    && i.args().matches("(?s).*chown hubscore:hubscore " + Pattern.quote(volume) + "\\b.*"));
            int declared = runtime.indexOf(i -> i.keyword().equals("VOLUME"));

            assertEquals("/var/lib/hubscore", volume);
            assertTrue(chown >= 0, "the runtime stage gives " + volume + " to hubscore");
            assertTrue(chown < declared, "a new volume takes the ownership the image has when VOLUME is declared");
        }

        @Test
        void theHealthCheckRunsTheHealthCommandOnTheExposedPort() {
            List<String> check = runtime.execForm("HEALTHCHECK");
            int jar = check.indexOf("-jar");
            List<String> hubscore = check.subList(jar + 2, check.size());
            URI url = URI.create(optionValue(hubscore, "--url"));

            assertEquals("java", check.get(0));
            assertEquals(copiedJar().destination(), check.get(jar + 1));
            assertEquals("health", hubscore.get(0));
            assertIsAHubscoreCommandLine(hubscore, "the Dockerfile's HEALTHCHECK");
            assertEquals("127.0.0.1", url.getHost(), "the check runs in the container's own network namespace");
            assertEquals(exposedPort(), url.getPort());
            assertEquals("/health", url.getPath());
        }

        @Test
        void theBuildContextLeavesOutBuildOutputAndGit() throws IOException {
            List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

            assertTrue(ignored.contains(".git"), ignored.toString());
            assertTrue(ignored.contains("**/target"), ignored.toString());
            for (String module : reactorModules()) {
                assertTrue(ignored.stream().noneMatch(p -> trimSlash(p).equals(module)), module + " is needed");
            }
        }
    }

    @Nested
    class TheComposeFile {

        private final Map<String, Object> compose = readCompose();

        @Test
        void runsOneServicePerPortalFromTheSameImage() {
            Map<String, Object> services = map(compose, "services");

            assertEquals(Set.copyOf(SERVICES), services.keySet());
            assertEquals(1, SERVICES.stream().map(s -> map(services, s).get("image")).distinct().count());
            for (String service : SERVICES) {
                Map<String, Object> build = map(map(services, service), "build");
                assertEquals("..", build.get("context"), service);
                assertEquals("docker/Dockerfile", build.get("dockerfile"), service);
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"portal-eu", "portal-us"})
        void eachServiceMountsAValidConfigReadOnlyWhereTheImageReadsIt(String service) {
            List<String> cmd = runtime.execForm("CMD");
            Mount mount = mounts(service).stream().filter(m -> m.target().equals(optionValue(cmd, "--config")))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " mounts no config"));

            SyncConfig config = loadConfig(DOCKER.resolve(mount.source()));

            assertEquals("ro", mount.mode(), service + " mounts its config read-only");
            assertEquals(exposedPort(), config.metrics().port(), service + ": metrics.port is what the health check asks");
            assertTrue(Set.of("127.0.0.1", "0.0.0.0").contains(config.metrics().bind()),
                    service + ": metrics.bind must answer on 127.0.0.1, found " + config.metrics().bind());
            assertEquals(optionValue(cmd, "--ledger"), config.portal().ledger(), service);
            assertEquals(new SecretRef(SecretRef.Kind.ENV, "HUBSPOT_TOKEN"), config.portal().auth().token(), service);
            assertTrue(map(map(map(compose, "services"), service), "environment").containsKey("HUBSPOT_TOKEN"),
                    service + " sets the variable its config reads the token from");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"portal-eu", "portal-us"})
        void eachServiceKeepsItsLedgerOnANamedVolume(String service) {
            Mount ledger = mounts(service).stream().filter(m -> m.target().equals(volume()))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " maps no volume to " + volume()));

            assertTrue(ledger.source().matches("[A-Za-z0-9][A-Za-z0-9_.-]*"),
                    service + ": a named volume, not a host path: " + ledger.source());
            assertTrue(map(compose, "volumes").containsKey(ledger.source()), ledger.source() + " is declared");
            assertEquals("", ledger.mode(), "the ledger volume is writable");
        }

        @Test
        void noTwoServicesShareAConfigOrALedger() {
            Set<String> sources = new HashSet<>();

            for (String service : SERVICES) {
                for (Mount mount : mounts(service)) {
                    assertTrue(sources.add(mount.source()), mount.source() + " is used by two services");
                }
            }

            assertEquals(2 * SERVICES.size(), sources.size());
        }

        @Test
        void eachServiceTakesItsTokenFromItsOwnVariableThatTheEnvExampleDeclaresEmpty() throws IOException {
            Pattern reference = Pattern.compile("\\$\\{(HUBSPOT_TOKEN_[A-Z]+)(:\\?[^}]*)?}");
            List<String> example = Files.readAllLines(DOCKER.resolve(".env.example"));
            Set<String> variables = new HashSet<>();

            for (String service : SERVICES) {
                Object token = map(map(map(compose, "services"), service), "environment").get("HUBSPOT_TOKEN");
                Matcher m = reference.matcher(String.valueOf(token));
                assertTrue(m.matches(), service + ": HUBSPOT_TOKEN comes from a variable in .env, found " + token);
                variables.add(m.group(1));
                assertTrue(example.contains(m.group(1) + "="), ".env.example declares " + m.group(1) + " with no value");
            }

            assertEquals(SERVICES.size(), variables.size(), "one token variable per portal");
            assertTrue(example.stream().filter(l -> !l.startsWith("#")).allMatch(l -> l.isBlank() || l.endsWith("=")),
                    ".env.example holds no value");
        }

        @Test
        void eachServiceRestartsAndStopsWithSigtermAndTimeToFinishItsBatch() {
            for (String service : SERVICES) {
                Map<String, Object> definition = map(map(compose, "services"), service);

                assertEquals("unless-stopped", definition.get("restart"), service);
                assertEquals("SIGTERM", definition.get("stop_signal"), service);
                assertEquals("60s", definition.get("stop_grace_period"), service);
            }
        }

        private List<Mount> mounts(String service) {
            Object volumes = map(map(compose, "services"), service).get("volumes");
            assertInstanceOf(List.class, volumes, service + ": volumes in the short syntax");
            List<Mount> mounts = new ArrayList<>();
            for (Object volume : (List<?>) volumes) {
                String[] parts = String.valueOf(volume).split(":");
                assertTrue(parts.length == 2 || parts.length == 3, service + ": SOURCE:TARGET[:MODE], found " + volume);
                mounts.add(new Mount(parts[0], parts[1], parts.length == 3 ? parts[2] : ""));
            }
            return mounts;
        }
    }

    /** One short-syntax compose volume: {@code SOURCE:TARGET[:MODE]}; mode is empty when absent. */
    private record Mount(String source, String target, String mode) {
    }

    // --- what the other files say -------------------------------------------------------------------

    /** Parses the arguments with the real {@code hubscore} command line and checks every option exists. */
    private static void assertIsAHubscoreCommandLine(List<String> args, String where) {
        CommandLine hubscore = Main.commandLine();
        CommandLine command = hubscore.getSubcommands().get(args.get(0));
        assertNotNull(command, where + " names '" + args.get(0) + "', which is not a hubscore command; commands: "
                + hubscore.getSubcommands().keySet());
        for (String arg : args.subList(1, args.size())) {
            if (arg.startsWith("-")) {
                String option = arg.split("=", 2)[0];
                assertNotNull(command.getCommandSpec().findOption(option),
                        where + ": 'hubscore " + args.get(0) + "' has no option " + option);
            }
        }
        assertDoesNotThrow(() -> Main.commandLine().parseArgs(args.toArray(String[]::new)), where);
    }

    private static String optionValue(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        return fail(args + " has no " + option);
    }

    private Dockerfile.Copy copiedJar() {
        List<Dockerfile.Copy> fromBuild = runtime.copies().stream().filter(c -> c.from() != null).toList();
        assertEquals(1, fromBuild.size(), "the runtime stage copies one file from the build stage: " + fromBuild);
        return fromBuild.get(0);
    }

    private String volume() {
        List<String> volumes = runtime.all("VOLUME").stream().map(Dockerfile.Instruction::args).toList();
        assertEquals(1, volumes.size(), "one VOLUME, for the ledger: " + volumes);
        return volumes.get(0);
    }

    private int exposedPort() {
        return Integer.parseInt(runtime.last("EXPOSE").args().replace("/tcp", ""));
    }

    private static SyncConfig loadConfig(Path file) {
        LoadResult result = new ConfigLoader(Map.of("HUBSPOT_TOKEN", "test-token")::get).load(file);
        if (result instanceof LoadResult.Invalid invalid) {
            return fail(file + " is not a valid config: " + invalid.problems());
        }
        return ((LoadResult.Valid) result).config();
    }

    private static Map<String, Object> readCompose() {
        try {
            return new YAMLMapper().readValue(DOCKER.resolve("compose.yaml").toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            return fail("cannot read docker/compose.yaml: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertInstanceOf(Map.class, child, key + " is a mapping");
        return (Map<String, Object>) child;
    }

    /**
     * The file name the shade plugin gives the runnable jar, checked against the command line module's pom,
     * which puts it in engine/target (where the README and this image find it) rather than its own target/.
     */
    private static String shadedJarName() {
        Element shade = null;
        NodeList plugins = xml(ROOT.resolve("engine/cli/pom.xml")).getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("maven-shade-plugin".equals(childText(plugin, "artifactId"))) {
                shade = plugin;
            }
        }
        assertNotNull(shade, "engine/cli/pom.xml shades the runnable jar");
        assertEquals(0, shade.getElementsByTagName("outputFile").getLength(), "the jar is named by finalName");
        NodeList output = shade.getElementsByTagName("outputDirectory");
        assertEquals(1, output.getLength(), "the jar goes to engine/target");
        assertEquals("${project.basedir}/../target", output.item(0).getTextContent().strip());
        NodeList finalName = shade.getElementsByTagName("finalName");
        assertEquals(1, finalName.getLength(), "the shade plugin names the jar");
        return finalName.item(0).getTextContent().strip() + ".jar";
    }

    private static List<String> reactorModules() {
        NodeList modules = xml(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            names.add(modules.item(i).getTextContent().strip());
        }
        assertTrue(names.contains("engine"), names.toString());
        return names;
    }

    private static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            return fail("cannot read " + file + ": " + e);
        }
    }

    /** A path inside the image: {@code path} as a COPY or WORKDIR would resolve it in {@code workdir}. */
    private static String resolve(String workdir, String path) {
        String resolved = Path.of(workdir).resolve(path).normalize().toString();
        return trimSlash(resolved);
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * The instructions of a Dockerfile, grouped by stage: enough of the format for this test (line
     * continuations, comments, exec-form JSON arrays, {@code COPY --from}).
     */
    record Dockerfile(List<Stage> stages) {

        record Instruction(String keyword, String args) {
        }

        record Copy(String from, String source, String destination) {
        }

        record Stage(String image, String name, List<Instruction> instructions) {

            List<Instruction> all(String keyword) {
                return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
            }

            Instruction last(String keyword) {
                List<Instruction> all = all(keyword);
                assertTrue(!all.isEmpty(), "stage " + image + " has no " + keyword);
                return all.get(all.size() - 1);
            }

            int indexOf(java.util.function.Predicate<Instruction> test) {
                for (int i = 0; i < instructions.size(); i++) {
                    if (test.test(instructions.get(i))) {
                        return i;
                    }
                }
                return -1;
            }

            List<String> runs() {
                return all("RUN").stream().map(Instruction::args).map(a -> a.replaceAll("\\s+", " ")).toList();
            }

            String workdir() {
                List<Instruction> workdirs = all("WORKDIR");
                assertEquals(1, workdirs.size(), "stage " + image + " sets its WORKDIR once");
                return workdirs.get(0).args();
            }

            /** An instruction in exec form ({@code ["java", ...]}); for HEALTHCHECK, its CMD. */
            List<String> execForm(String keyword) {
                String args = last(keyword).args();
                if (keyword.equals("HEALTHCHECK")) {
                    int cmd = args.indexOf("CMD ");
                    assertTrue(cmd >= 0, "HEALTHCHECK runs a CMD: " + args);
                    args = args.substring(cmd + 4).strip();
                }
                try {
                    return JSON.readValue(args, new TypeReference<List<String>>() { });
                } catch (IOException e) {
                    return fail(keyword + " must be in exec form, a JSON array (so java gets SIGTERM): " + args);
                }
            }

            List<Copy> copies() {
                List<Copy> copies = new ArrayList<>();
                for (Instruction copy : all("COPY")) {
                    List<String> words = List.of(copy.args().split("\\s+"));
                    String from = words.stream().filter(w -> w.startsWith("--from=")).map(w -> w.substring(7))
                            .findFirst().orElse(null);
                    List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
                    assertEquals(2, paths.size(), "COPY SOURCE DESTINATION: " + copy.args());
                    copies.add(new Copy(from, paths.get(0), paths.get(1)));
                }
                return copies;
            }
        }

        static Dockerfile read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                return fail("cannot read " + file + ": " + e);
            }
            List<String> logical = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : lines) {
                if (line.strip().startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1);
                } else {
                    logical.add(current.append(line).toString().strip());
                    current.setLength(0);
                }
            }
            List<Stage> stages = new ArrayList<>();
            List<Instruction> instructions = null;
            for (String line : logical) {
                String[] parts = line.split("\\s+", 2);
                Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : "");
                if (instruction.keyword().equals("FROM")) {
                    String[] from = instruction.args().split("\\s+");
                    instructions = new ArrayList<>();
                    String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
                    stages.add(new Stage(from[0], name, instructions));
                } else {
                    assertNotNull(instructions, "the Dockerfile starts with FROM: " + line);
                    instructions.add(instruction);
                }
            }
            assertTrue(!stages.isEmpty(), file + " has no stage");
            return new Dockerfile(stages.stream().map(s -> new Stage(s.image(), s.name(), List.copyOf(s.instructions())))
                    .collect(Collectors.toList()));
        }
    }
}
