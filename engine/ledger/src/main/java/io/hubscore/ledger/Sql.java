package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The ids {@code sql} selects for every chunk of {@code ids}: its one IN list is written {@code (?)}; a non-null
     * {@code leading} is bound to the one parameter before it.
     */
    static Set<Long> selectIn(Connection c, String sqlWithIn, String leading, Collection<Long> ids)
            throws SQLException {
        Set<Long> found = new TreeSet<>();
        int first = leading == null ? 1 : 2;
        for (List<Long> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(sqlWithIn.replace("(?)", "(" + marks(chunk.size()) + ")"))) {
                if (leading != null) {
                    ps.setString(1, leading);
                }
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(first + i, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    /** A count whose one parameter is {@code value}. */
    static long countWith(Connection c, String sql, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
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
