package io.hubscore.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL on a ledger for tests, as another program would run it: to break an invariant on purpose, or to compare what
 * two ledgers hold row by row. Production code goes through the stores. Stateless.
 */
public final class LedgerSql {

    private LedgerSql() {
    }

    /**
     * Runs one statement in a write transaction of {@code ledger}; returns the first column of the first row it
     * yields (-1 when it yields none), or the rows it changed.
     */
    public static long execute(Ledger ledger, String statement, Object... args) {
        return ledger.write(tx -> tx.sql().raw(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                bind(ps, args);
                if (ps.execute()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        return rs.next() ? rs.getLong(1) : -1L;
                    }
                }
                return (long) ps.getUpdateCount();
            }
        }));
    }

    /** The whole number in the first column of the first row {@code query} selects; 0 when none. */
    public static long number(Ledger ledger, String query, Object... args) {
        return ledger.read(tx -> tx.sql().count(query, args));
    }

    /** Every row {@code query} selects, each column as text (null stays null), in one read transaction. */
    public static List<List<String>> rows(Ledger ledger, String query, Object... args) {
        return ledger.read(tx -> tx.sql().raw(c -> {
            List<List<String>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(query)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(columns);
                        for (int i = 1; i <= columns; i++) {
                            row.add(rs.getString(i));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        }));
    }

    /** Runs statements on a SQLite file directly, without opening it as a ledger (another application's file). */
    public static void onFile(Path file, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on " + file + " failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Sql.bind(ps, i + 1, args[i]);
        }
    }
}
