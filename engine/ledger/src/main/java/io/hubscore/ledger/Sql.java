package io.hubscore.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The statements of one transaction on the ledger's connection, for the stores: binds arguments (text, whole numbers,
 * booleans as 0 or 1, null), maps rows, and turns SQLite's failures into a {@link LedgerException} naming the file.
 * Statements are prepared once and kept in the ledger's {@link Statements} from one transaction to the next, so the
 * score job, which runs the same few statements for every batch, does not prepare them again. Not thread-safe: it
 * belongs to one transaction, which the ledger serialises, and refuses to run once that transaction ended.
 */
final class Sql {

    /** SQLite's default limit on bound parameters is 32766; stay far below it. */
    static final int MAX_IN = 500;

    /** Maps the current row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds one item of a batch to the statement's parameters. */
    @FunctionalInterface
    interface Bind<E> {
        void bind(PreparedStatement ps, E item) throws SQLException;
    }

    /** Work on the connection itself, for what the helpers do not cover (pragmas, checks). */
    @FunctionalInterface
    interface Raw<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * The prepared statements of one connection, kept across its transactions: the most recently used
     * {@link #CAPACITY}, the least recently used closed when more are prepared. Used by one transaction at a time
     * (the ledger serialises them).
     */
    static final class Statements extends LinkedHashMap<String, PreparedStatement> {
        private static final long serialVersionUID = 1L;
        static final int CAPACITY = 200;

        Statements() {
            super(64, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                // dropped from the cache either way; the connection reclaims it
            }
            return true;
        }
    }

    private final Connection connection;
    private final Path file;
    private final Statements prepared;
    private boolean ended;

    Sql(Connection connection, Path file, Statements prepared) {
        this.connection = connection;
        this.file = file;
        this.prepared = prepared;
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    int update(String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, 0, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs an insert; returns the rowid of the row it made. */
    long insert(String sql, Object... args) {
        update(sql, args);
        return count("SELECT last_insert_rowid()");
    }

    /** Runs {@code sql} once per item, in one batch. */
    <E> void batch(String sql, Collection<E> items, Bind<E> bind) {
        if (items.isEmpty()) {
            return;
        }
        try {
            PreparedStatement ps = prepare(sql);
            for (E item : items) {
                bind.bind(ps, item);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Every row {@code sql} selects, mapped. */
    <T> List<T> list(String sql, Row<T> row, Object... args) {
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, 0, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The first row {@code sql} selects, mapped; empty when it selects none or the row maps to null. */
    <T> Optional<T> first(String sql, Row<T> row, Object... args) {
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, 0, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The first row {@code sql} selects that {@code accept} takes, mapped; reads no further than that row. */
    <T> Optional<T> firstWhere(String sql, Row<T> row, Predicate<T> accept, Object... args) {
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, 0, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    T mapped = row.map(rs);
                    if (accept.test(mapped)) {
                        return Optional.of(mapped);
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The whole number in the first column of the first row; 0 when there is no row or it is null. */
    long count(String sql, Object... args) {
        return first(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** Whether {@code sql} selects a row. */
    boolean exists(String sql, Object... args) {
        return first(sql, rs -> Boolean.TRUE, args).isPresent();
    }

    /**
     * Runs {@code sql}, whose one IN list is written {@code (?)}, for every chunk of {@code ids}; {@code leading}
     * are bound to the parameters before the list. Returns the rows changed.
     */
    int updateIn(String sql, Collection<Long> ids, Object... leading) {
        int changed = 0;
        for (List<Long> chunk : chunks(ids)) {
            changed += update(in(sql, chunk.size()), arguments(leading, chunk));
        }
        return changed;
    }

    /** The ids {@code sql} (with one IN list written {@code (?)}) selects for every chunk of {@code ids}. */
    Set<Long> selectIn(String sql, Collection<Long> ids, Object... leading) {
        Set<Long> found = new TreeSet<>();
        for (List<Long> chunk : chunks(ids)) {
            found.addAll(list(in(sql, chunk.size()), rs -> rs.getLong(1), arguments(leading, chunk)));
        }
        return found;
    }

    /**
     * Every row {@code sql} (with one IN list written {@code (?)}) selects for every chunk of {@code ids}, mapped, in
     * the order of the chunks and then the statement's own order.
     */
    <T> List<T> listIn(String sql, Collection<Long> ids, Row<T> row, Object... leading) {
        List<T> rows = new ArrayList<>();
        for (List<Long> chunk : chunks(ids)) {
            rows.addAll(list(in(sql, chunk.size()), row, arguments(leading, chunk)));
        }
        return rows;
    }

    /** Runs {@code work} on the connection, inside this transaction. */
    <T> T raw(Raw<T> work) {
        checkOpen();
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The exception for a failed statement: the ledger's file and SQLite's words. */
    LedgerException failure(SQLException e) {
        return new LedgerException("ledger " + file + ": " + e.getMessage(), e);
    }

    /** Ends this transaction's use of the statements (they stay prepared for the next); nothing runs through this afterwards. */
    void end() {
        ended = true;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        checkOpen();
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("a ledger transaction was used after it ended: use the stores only inside"
                    + " the work given to Ledger.read or Ledger.write");
        }
    }

    private static void bind(PreparedStatement ps, int offset, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            bind(ps, offset + i + 1, args[i]);
        }
    }

    /** Binds one parameter: text, a whole number, a boolean as 0 or 1, or null. */
    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof String text) {
            ps.setString(index, text);
        } else if (value instanceof Long || value instanceof Integer) {
            ps.setLong(index, ((Number) value).longValue());
        } else if (value instanceof Boolean flag) {
            ps.setInt(index, flag ? 1 : 0);
        } else {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getSimpleName() + " to SQL");
        }
    }

    /** A nullable whole-number column. */
    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String in(String sql, int n) {
        return sql.replace("(?)", "(" + String.join(", ", Collections.nCopies(n, "?")) + ")");
    }

    private static Object[] arguments(Object[] leading, List<Long> ids) {
        Object[] all = new Object[leading.length + ids.size()];
        System.arraycopy(leading, 0, all, 0, leading.length);
        for (int i = 0; i < ids.size(); i++) {
            all[leading.length + i] = ids.get(i);
        }
        return all;
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
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
}
