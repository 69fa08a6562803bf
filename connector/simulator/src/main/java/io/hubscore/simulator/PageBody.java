package io.hubscore.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Assembles a list or search page, {@code {"total":N,"results":[...],"paging":{"next":{"after":..,"link":..}}}},
 * from objects already serialised to UTF-8 JSON, so serving a page copies bytes instead of encoding
 * every object again. Stateless.
 */
final class PageBody {

    private static final byte[] RESULTS = "\"results\":[".getBytes(StandardCharsets.US_ASCII);

    private PageBody() {
    }

    /**
     * The page as a 200 JSON response. {@code total} is left out when negative; {@code paging} when
     * {@code nextAfter} is null; the {@code link} when {@code nextLink} is null.
     */
    static SimResponse response(long total, List<byte[]> results, String nextAfter, String nextLink) {
        StringBuilder head = new StringBuilder(24).append('{');
        if (total >= 0) {
            head.append("\"total\":").append(total).append(',');
        }
        StringBuilder tail = new StringBuilder(128).append(']');
        if (nextAfter != null) {
            tail.append(",\"paging\":{\"next\":{\"after\":\"").append(JsonStringEncoder.getInstance().quoteAsString(nextAfter))
                    .append('"');
            if (nextLink != null) {
                tail.append(",\"link\":\"").append(JsonStringEncoder.getInstance().quoteAsString(nextLink)).append('"');
            }
            tail.append("}}");
        }
        tail.append('}');
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = tail.toString().getBytes(StandardCharsets.UTF_8);
        int size = headBytes.length + RESULTS.length + tailBytes.length + Math.max(0, results.size() - 1);
        for (byte[] result : results) {
            size += result.length;
        }
        byte[] body = new byte[size];
        int at = put(body, 0, headBytes);
        at = put(body, at, RESULTS);
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = put(body, at, results.get(i));
        }
        put(body, at, tailBytes);
        return new SimResponse(200, SimResponse.JSON, body);
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }
}
