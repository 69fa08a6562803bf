package io.hubscore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    private static final Path SCHEMA_FILE = Path.of("hubscore-config.schema.json");

    @Test
    void theShippedSchemaIsTheOneTheRecordsDescribe() throws IOException {
        String shipped = Files.readString(SCHEMA_FILE);

        assertEquals(ConfigSchema.json(), shipped,
                "config/hubscore-config.schema.json is out of date: regenerate it with "
                        + "'java -jar engine/target/hubscore.jar schema > config/hubscore-config.schema.json'");
    }

    @Test
    void everyKeyOfTheExamplesIsDeclaredInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ConfigSchema.json());
        for (String name : BundledExamples.NAMES) {
            JsonNode example = new YAMLMapper().readTree(BundledExamples.read(name));
            List<String> undeclared = new ArrayList<>();

            walk(example, schema, "", undeclared);

            assertEquals(List.of(), undeclared, name);
        }
    }

    @Test
    void requiredSettingsAreRequiredInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ConfigSchema.json());

        assertEquals("[\"portal\",\"model\",\"bands\"]", schema.get("required").toString());
        assertEquals("[\"id\",\"auth\",\"ledger\"]", schema.at("/properties/portal/required").toString());
        assertEquals("5m", schema.at("/properties/schedule/properties/pull-contacts/default").asText());
    }

    @Test
    void everySettingIsDocumentedInTheReadmeReference() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Configuration reference");
        assertTrue(start >= 0, "README.md has a Configuration reference section");
        int end = readme.indexOf("\n## ", start + 1);
        String reference = readme.substring(start, end < 0 ? readme.length() : end);

        List<String> undocumented = ConfigSchema.settingPaths().stream()
                .filter(path -> !reference.contains("`" + path + "`"))
                .toList();

        assertEquals(List.of(), undocumented, "settings missing from the README's Configuration reference");
    }

    private static void walk(JsonNode value, JsonNode schema, String path, List<String> undeclared) {
        if (value.isObject() && schema.has("properties")) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode declared = schema.get("properties").get(field.getKey());
                if (declared == null) {
                    undeclared.add(path + "." + field.getKey());
                } else {
                    walk(field.getValue(), declared, path + "." + field.getKey(), undeclared);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (JsonNode item : value) {
                walk(item, schema.get("items"), path + "[]", undeclared);
            }
        }
    }
}
