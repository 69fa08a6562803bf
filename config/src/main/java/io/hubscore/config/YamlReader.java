package io.hubscore.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Parses YAML text into a {@link YamlNode} tree that keeps every value's location. A syntax error,
 * a duplicate key, a second document or an alias that cannot be resolved becomes a located
 * {@link Problem}, never an exception. Thread-safe: each read has its own state.
 *
 * <p>Anchors and aliases are resolved as YAML defines them: {@code *name} stands for the node last
 * anchored {@code &name} before it, a scalar or a whole list or mapping. Refusing them would turn
 * valid YAML (a list of job titles shared by a rule and a suppression, say) into an error, and
 * reading an alias as its name silently changes what a rule matches; resolved, the file means what
 * every other YAML tool reads in it. The value an alias stands for keeps the places where it was
 * written, so a problem inside it points at the anchored text, while a problem with the value as a
 * whole (a list where a number belongs) points at the alias. Aliases may add at most
 * {@link #MAX_ALIAS_VALUES} values, which refuses "billion laughs" documents before anything is
 * expanded. Merge keys ({@code <<}) belong to YAML 1.1 only and are refused.
 *
 * <p>The text is read as SnakeYAML's parser events: Jackson's YAML parser, built on the same events,
 * hands over an alias as its name and drops the anchors of scalars.
 */
final class YamlReader {

    /** The most values aliases may add to a document; a config that shares a few lists stays far below. */
    static final long MAX_ALIAS_VALUES = 10_000;

    /** The deepest nesting read; a config is a handful of levels deep. */
    static final int MAX_DEPTH = 64;

    private static final Pattern MARK = Pattern.compile("in 'reader', line (\\d+), column (\\d+):?");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final String NULL_TAG = "tag:yaml.org,2002:null";

    private YamlReader() {
    }

    /** The root node, or null with the reason added to {@code problems}. */
    static YamlNode read(String text, ProblemSink problems) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setNestingDepthLimit(MAX_DEPTH);
            Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
            parser.getEvent(); // the stream's start
            if (parser.checkEvent(Event.ID.StreamEnd)) {
                problems.add(Location.START, "", "the file is empty", "start from one of the bundled examples");
                return null;
            }
            parser.getEvent(); // the document's start
            YamlNode root = new Document(parser, problems).node(parser.getEvent(), 0);
            parser.getEvent(); // the document's end
            if (parser.checkEvent(Event.ID.DocumentStart)) {
                problems.add(location(parser.peekEvent().getStartMark()), "",
                        "a second YAML document ('---') is not allowed", "keep one portal's config per file");
            }
            return root;
        } catch (Refused e) {
            problems.add(e.at, "", e.getMessage(), e.hint);
            return null;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(location(mark), "", "YAML syntax error: " + oneLine(e.getMessage()), null);
            return null;
        } catch (RuntimeException e) {
            // The YAML reader signals some malformed input (bad bytes, control characters) without a place.
            problems.add(Location.START, "", "cannot read the file as YAML: " + oneLine(String.valueOf(e.getMessage())),
                    null);
            return null;
        }
    }

    /** One document being read: its anchors so far and how many values its aliases added. Not thread-safe. */
    private static final class Document {

        /** An anchored node and how many values it holds, its aliases' values included. */
        private record Anchored(YamlNode node, long values) {
        }

        private final Parser parser;
        private final ProblemSink problems;
        private final Map<String, Anchored> anchors = new HashMap<>();
        private final Set<String> reading = new HashSet<>();
        private long values;
        private long aliasValues;

        Document(Parser parser, ProblemSink problems) {
            this.parser = parser;
            this.problems = problems;
        }

        /** The node that {@code event} starts, {@code depth} levels deep. */
        YamlNode node(Event event, int depth) {
            Location at = location(event.getStartMark());
            if (depth > MAX_DEPTH) {
                throw new Refused(at, "nested more than " + MAX_DEPTH + " levels deep", null);
            }
            if (event instanceof AliasEvent alias) {
                return alias(alias.getAnchor(), at);
            }
            String anchor = ((NodeEvent) event).getAnchor();
            long before = values;
            if (anchor != null) {
                reading.add(anchor);
            }
            YamlNode node = switch (event.getEventId()) {
                case MappingStart -> mapping(at, depth);
                case SequenceStart -> sequence(at, depth);
                default -> scalar((ScalarEvent) event, at);
            };
            values++;
            if (anchor != null) {
                reading.remove(anchor);
                anchors.put(anchor, new Anchored(node, values - before)); // a later anchor of the same name wins
            }
            return node;
        }

        private YamlNode mapping(Location at, int depth) {
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            while (!parser.checkEvent(Event.ID.MappingEnd)) {
                Event keyEvent = parser.getEvent();
                Location keyAt = location(keyEvent.getStartMark());
                if (!(keyEvent instanceof ScalarEvent keyScalar)) {
                    throw new Refused(keyAt, "a key must be plain text, not a list, a mapping or an alias", null);
                }
                String key = keyScalar.getValue();
                if (key.equals("<<") && keyScalar.isPlain()) {
                    throw new Refused(keyAt, "merge keys ('<<') are not supported",
                            "write the keys out; an alias (*name) may stand for a whole value");
                }
                YamlNode value = node(parser.getEvent(), depth + 1);
                if (entries.containsKey(key)) {
                    problems.add(keyAt, "", "duplicate key '" + key + "'",
                            "first written at line " + entries.get(key).keyLocation().line());
                } else {
                    entries.put(key, new YamlNode.Entry(key, keyAt, value));
                }
            }
            parser.getEvent();
            return new YamlNode.MapNode(at, entries);
        }

        private YamlNode sequence(Location at, int depth) {
            List<YamlNode> items = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                items.add(node(parser.getEvent(), depth + 1));
            }
            parser.getEvent();
            return new YamlNode.ListNode(at, items);
        }

        /** A plain {@code ~}, {@code null} or nothing at all (and {@code !!null}) is null; the rest is text. */
        private static YamlNode scalar(ScalarEvent event, Location at) {
            boolean untagged = event.getTag() == null || event.getTag().equals("!");
            if (NULL_TAG.equals(event.getTag()) || untagged && event.isPlain() && NULLS.contains(event.getValue())) {
                return new YamlNode.Null(at);
            }
            return new YamlNode.Scalar(at, event.getValue());
        }

        private YamlNode alias(String name, Location at) {
            Anchored anchored = anchors.get(name);
            if (anchored == null) {
                if (reading.contains(name)) {
                    throw new Refused(at, "alias '*" + name + "' refers to the value it is part of",
                            "an alias may only stand for a value written before it");
                }
                throw new Refused(at, "unknown alias '*" + name + "': no anchor '&" + name + "' before it",
                        "anchor a value with &" + name + " before using *" + name);
            }
            aliasValues += anchored.values();
            values += anchored.values();
            if (aliasValues > MAX_ALIAS_VALUES) {
                throw new Refused(at, "aliases add more than " + MAX_ALIAS_VALUES + " values to the file",
                        "write the values out or use fewer aliases; a config needs few");
            }
            return relocated(anchored.node(), at);
        }
    }

    /** The node as written at {@code at}: its own place moves there, the places of what it holds stay. */
    private static YamlNode relocated(YamlNode node, Location at) {
        if (node instanceof YamlNode.MapNode map) {
            return new YamlNode.MapNode(at, map.entries());
        }
        if (node instanceof YamlNode.ListNode list) {
            return new YamlNode.ListNode(at, list.items());
        }
        if (node instanceof YamlNode.Scalar scalar) {
            return new YamlNode.Scalar(at, scalar.raw());
        }
        return new YamlNode.Null(at);
    }

    private static Location location(Mark mark) {
        if (mark == null) {
            return Location.START;
        }
        return new Location(mark.getLine() + 1, mark.getColumn() + 1);
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

    /** A document this reader refuses, with the one problem that says why. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Location at;
        private final String hint;

        Refused(Location at, String message, String hint) {
            super(message, null, false, false);
            this.at = at;
            this.hint = hint;
        }
    }
}
