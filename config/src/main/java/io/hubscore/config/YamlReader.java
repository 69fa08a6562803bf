package io.hubscore.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses YAML text into a {@link YamlNode} tree that keeps every value's location. A syntax error,
 * a duplicate key or a second document becomes a located {@link Problem}, never an exception.
 * Thread-safe.
 */
final class YamlReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private static final Pattern MARK = Pattern.compile("in 'reader', line (\\d+), column (\\d+):?");

    private YamlReader() {
    }

    /** The root node, or null with the reason added to {@code problems}. */
    static YamlNode read(String text, ProblemSink problems) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(Location.START, "", "the file is empty", "start from one of the bundled examples");
                return null;
            }
            YamlNode root = node(parser, problems);
            if (parser.nextToken() != null) {
                problems.add(location(parser.currentTokenLocation()), "",
                        "a second YAML document ('---') is not allowed", "keep one portal's config per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(location(e.getLocation()), "", "YAML syntax error: " + oneLine(e.getOriginalMessage()), null);
            return null;
        } catch (IOException | RuntimeException e) {
            // The YAML scanner signals some malformed input (bad bytes, control characters) this way.
            problems.add(Location.START, "", "cannot read the file as YAML: " + oneLine(String.valueOf(e.getMessage())),
                    null);
            return null;
        }
    }

    private static YamlNode node(JsonParser parser, ProblemSink problems) throws IOException {
        Location at = location(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyAt = location(parser.currentTokenLocation());
                    parser.nextToken();
                    YamlNode value = node(parser, problems);
                    if (entries.containsKey(key)) {
                        problems.add(keyAt, "", "duplicate key '" + key + "'",
                                "first written at line " + entries.get(key).keyLocation().line());
                    } else {
                        entries.put(key, new YamlNode.Entry(key, keyAt, value));
                    }
                }
                return new YamlNode.MapNode(at, entries);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser, problems));
                }
                return new YamlNode.ListNode(at, items);
            case VALUE_NULL:
                return new YamlNode.Null(at);
            default:
                return new YamlNode.Scalar(at, parser.getText());
        }
    }

    private static Location location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Location.START;
        }
        return new Location(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }

    /**
     * SnakeYAML's messages span several lines: sentences, each followed by "in 'reader', line L, column
     * C:", an echo of the source line and a caret. Keep the sentences; name the place of every sentence but
     * the last (whose place is the problem's own location).
     */
    static String oneLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        List<String> lines = message.lines().toList();
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher mark = MARK.matcher(line);
            if (mark.matches()) {
                if (!sentences.isEmpty() && i + 3 < lines.size()) {
                    int last = sentences.size() - 1;
                    sentences.set(last, sentences.get(last) + " (at line " + mark.group(1) + ", column " + mark.group(2) + ")");
                }
                i += 2; // the echoed source line and the caret under it
            } else if (!line.isEmpty() && !line.startsWith("at [Source")) {
                sentences.add(line);
            }
        }
        return sentences.isEmpty() ? "unreadable input" : String.join("; ", sentences);
    }
}
