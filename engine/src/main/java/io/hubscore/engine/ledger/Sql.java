package io.hubscore.engine.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small JDBC helpers shared by the stores. */
final class Sql {

    /** SQLite's default limit on bound parameters is 32766; stay far below it. */
    static final int MAX_IN = 500;

    private Sql() {
    }

    /** {@code ?, ?, ?} for an IN list of {@code n} values. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static List<List<Long>> chunks(Collection<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        List<Long> current = new ArrayList<>();
        for (Long id : ids) {
            current.add(id);
            if (current.size() == MAX_IN) {
                chunks.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Runs {@code sql} (with one IN list) for every chunk of ids; returns the rows changed. */
    static int updateIn(Connection c, String sqlWithIn, Collection<Long> ids) throws SQLException {
        int changed = 0;
        for (List<Long> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(sqlWithIn.replace("(?)", "(" + marks(chunk.size()) + ")"))) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                changed += ps.executeUpdate();
            }
        }
        return changed;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }
}
