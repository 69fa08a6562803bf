package io.hubscore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubscore.config.BandsConfig;
import io.hubscore.config.SyncConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** How the reporting commands print times, durations, points, property maps and bands. Stateless. */
final class Formats {

    /** Pretty-printed JSON for {@code --json} output. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Formats() {
    }

    /** A record (of records, lists, maps and scalars) as pretty-printed JSON, its fields in declaration order. */
    static String json(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print " + document.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** An epoch-ms time as an ISO-8601 instant (UTC); null stays null. */
    static String instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /**
     * A duration in milliseconds, short: {@code 850ms}, {@code 12.4s}, {@code 3m 05s}, {@code 2h 10m}, and from two
     * days on {@code 15d 04h}.
     */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        Duration d = Duration.ofMillis(millis);
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).setScale(1, java.math.RoundingMode.HALF_UP) + "s";
        }
        if (millis < 3_600_000) {
            return d.toMinutes() + "m " + String.format("%02ds", d.toSecondsPart());
        }
        if (millis < 2 * 86_400_000L) {
            return d.toHours() + "h " + String.format("%02dm", d.toMinutesPart());
        }
        return d.toDays() + "d " + String.format("%02dh", d.toHoursPart());
    }

    /** Points with their sign and no trailing zeros: {@code +15}, {@code -2.5}, {@code 0}. */
    static String signed(BigDecimal points) {
        String plain = plain(points);
        return points.signum() > 0 ? "+" + plain : plain;
    }

    /** A decimal without trailing zeros or exponent: {@code 42.5}, {@code 0}. */
    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** Band counts with the config's bands first, in its order (zero when empty), then any others the ledger holds. */
    static Map<String, Long> bandsInConfigOrder(SyncConfig config, Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (BandsConfig.Band band : config.bands().levels()) {
            ordered.put(band.name(), counts.getOrDefault(band.name(), 0L));
        }
        counts.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** {@code key=value key=value}, in the map's order. */
    static String pairs(Map<String, String> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
