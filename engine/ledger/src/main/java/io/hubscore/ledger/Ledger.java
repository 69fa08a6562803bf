package io.hubscore.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One portal's SQLite ledger file: opened once per daemon, held with an OS file lock so a second daemon on the same
 * ledger refuses to start, migrated to the current schema on open. Every open first makes sure the file is a hubscore
 * ledger (or a new, empty file) and passes SQLite's quick check, so a damaged file or another application's database
 * is never used.
 *
 * <p>All access is a unit of work in one transaction: {@link #read} (a consistent snapshot, also beside a daemon that
 * writes) and {@link #write} run a function of a {@link Tx}, {@link #update} one that returns nothing, as in
 * {@code ledger.update(tx -> tx.scores().append(row))} or {@code ledger.read(tx -> tx.outbox().pendingCount())}. The
 * transaction hands out the stores, one per kind of data ({@link Contacts}, {@link Scores}, {@link Outbox}, ...),
 * each owning its tables' SQL and stored formats and speaking in records, one per table row; times are epoch
 * milliseconds. Work that throws rolls the transaction back; a failing statement surfaces as a
 * {@link LedgerException} naming the file. A transaction and its stores are valid only inside their work.
 *
 * <p>Thread-safe: units of work are serialised on the single connection.
 */
public final class Ledger implements AutoCloseable {

    /** Schema migrations in order; the ledger's {@code user_version} is how many have been applied. */
    static final List<String> MIGRATIONS = List.of("V1__ledger.sql", "V2__suppressions.sql", "V3__completeness.sql",
            "V4__outcomes.sql", "V5__releases.sql", "V6__sync.sql", "V7__dirty.sql");

    /**
     * SQLite's {@code application_id} of a hubscore ledger, "hbsc" in ASCII. Ledgers made before it was set are
     * recognised by their schema and stamped when the daemon opens them.
     */
    static final int APPLICATION_ID = 0x68627363;

    /**
     * SQLite reads the ledger through a memory map of up to this many bytes (outside the Java heap), and keeps up to
     * {@link #CACHE_KIB} KiB of pages in its own cache: the score job reads every contact's rows in a few queries,
     * and without them each page it visits is a system call.
     */
    static final long MMAP_BYTES = 512L * 1024 * 1024;
    static final int CACHE_KIB = 32 * 1024;

    /** The most problems SQLite's quick check is asked for, and how many of them a message names. */
    private static final int QUICK_CHECK_LIMIT = 10;
    private static final int FINDINGS_SHOWN = 3;

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^CREATE TABLE (\\w+)");

    private final Path file;
    private final Connection connection;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReentrantLock serial = new ReentrantLock();
    /** Statements prepared on the connection, kept across transactions; guarded by {@code serial}. */
    private final Sql.Statements statements = new Sql.Statements();
    /** Write transactions committed since the ledger was opened; guarded by {@code serial}. */
    private long writes;

    private Ledger(Path file, Connection connection, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.connection = connection;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed, owner-only) and migrates the ledger, taking its lock.
     *
     * @throws LedgerException when another daemon holds the ledger, its schema is newer than this
     *     version knows, or the file cannot be opened; the message says which and what to do
     */
    public static Ledger open(Path file) {
        Path absolute = file.toAbsolutePath();
        FileChannel channel = null;
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
            createOwnerOnly(lockFile);
            channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new LedgerException("ledger " + file + " is in use by another hubscore daemon (lock file "
                        + lockFile + " is held); run one daemon per portal");
            }
            createOwnerOnly(absolute);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
            Ledger ledger = new Ledger(file, connection, channel, lock);
            try {
                ledger.verify(false); // before anything writes to a file that may not be ours
                ledger.configure();
                ledger.migrate();
                ledger.stamp();
            } catch (SQLException | RuntimeException e) {
                ledger.close();
                throw e;
            }
            return ledger;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LedgerException("cannot open ledger " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            closeQuietly(channel);
            throw new LedgerException("cannot open ledger " + file + " (is it a hubscore ledger?): " + e.getMessage(), e);
        } catch (LedgerException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Opens an existing ledger for reading only, without its lock, so {@code status} and {@code explain} work
     * while a daemon runs. Writes through the returned ledger fail.
     *
     * @throws LedgerException when the file does not exist, is empty, is not a hubscore ledger, or its schema is
     *     not the one this version knows
     * @throws LedgerDamaged when SQLite's quick check finds the file damaged
     */
    public static Ledger openReadOnly(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new LedgerException("ledger " + file + " does not exist: has the daemon run yet? (check portal.ledger"
                    + " in the config or --ledger)");
        }
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(5000);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + absolute, config.toProperties());
            Ledger ledger = new Ledger(file, connection, null, null);
            try (Statement s = connection.createStatement()) {
                mapPages(s); // a reader visits as many pages as the score job
            } catch (SQLException | RuntimeException e) {
                ledger.close();
                throw e;
            }
            try {
                ledger.verify(true);
            } catch (SQLException | RuntimeException e) {
                ledger.close();
                throw e;
            }
            int version = ledger.schemaVersion();
            if (version != MIGRATIONS.size()) {
                ledger.close();
                throw new LedgerException("ledger " + file + " has schema version " + version + ", this hubscore reads "
                        + MIGRATIONS.size() + (version < MIGRATIONS.size()
                                ? ": start the daemon once to migrate it" : ": run a newer hubscore"));
            }
            return ledger;
        } catch (SQLException e) {
            throw new LedgerException("cannot read ledger " + file + " (is it a hubscore ledger?): " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing ledger for a small admin write beside a running daemon, without its lock (SQLite
     * serialises the writes), as {@code hubscore resume} does. Nothing is migrated.
     *
     * @throws LedgerException as {@link #openReadOnly}
     */
    public static Ledger openBesideDaemon(Path file) {
        Ledger reader = openReadOnly(file); // the same checks: it exists and has this version's schema
        reader.close();
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setBusyTimeout(5000);
            return new Ledger(file, DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                    config.toProperties()), null, null);
        } catch (SQLException e) {
            throw new LedgerException("cannot open ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process
        }
    }

    private static void createOwnerOnly(Path path) throws IOException {
        if (Files.exists(path)) {
            return;
        }
        try {
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(path);
            }
        } catch (FileAlreadyExistsException e) {
            // created concurrently; the lock decides who uses it
        }
    }

    /**
     * Makes sure the file is a hubscore ledger, or a new one, and that SQLite finds it sound. A hubscore ledger
     * carries {@link #APPLICATION_ID}, or (made before that) the tables its {@code user_version}'s migrations
     * create; a new one is an empty database. Only reads.
     *
     * @param existing whether the file must already be a ledger (for reading) rather than possibly a new one
     */
    private void verify(boolean existing) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            int applicationId = pragma(s, "application_id");
            int version = pragma(s, "user_version");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            boolean fresh = applicationId == 0 && version == 0 && tables.isEmpty();
            if (fresh && existing) {
                throw new LedgerException("ledger " + file + " is empty: has the daemon run yet? (check portal.ledger"
                        + " in the config or --ledger)");
            }
            boolean ours = applicationId == APPLICATION_ID
                    || applicationId == 0 && version >= 1 && version <= MIGRATIONS.size()
                            && tables.containsAll(tablesCreatedUpTo(version));
            if (!fresh && !ours) {
                throw new LedgerException("ledger " + file + " is a SQLite database of another application, not a "
                        + "hubscore ledger (" + describe(tables) + "): point portal.ledger or --ledger at this "
                        + "portal's ledger, or at a new file");
            }
            List<String> findings = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check(" + QUICK_CHECK_LIMIT + ")")) {
                while (rs.next()) {
                    findings.addAll(findings(rs.getString(1)));
                }
            }
            if (!findings.isEmpty()) {
                throw damaged(findings);
            }
        } catch (SQLiteException e) {
            int code = e.getResultCode().code & 0xff;
            if (code == SQLiteErrorCode.SQLITE_NOTADB.code) {
                throw new LedgerException("ledger " + file + " is not a SQLite database, so not a hubscore ledger: "
                        + "point portal.ledger or --ledger at this portal's ledger, or at a new file");
            }
            if (code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                throw damaged(List.of(e.getMessage().replaceAll("\\s+", " ").strip()));
            }
            throw e;
        }
    }

    /**
     * The problems in one row of SQLite's integrity or quick check: one per line, without the "*** in database
     * main ***" headings; none for "ok".
     */
    static List<String> findings(String row) {
        if (row == null || row.equals("ok")) {
            return List.of();
        }
        List<String> lines = row.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("***")).toList();
        return lines.isEmpty() ? List.of(row.strip()) : lines;
    }

    private LedgerDamaged damaged(List<String> findings) {
        List<String> lines = findings.isEmpty() ? List.of("unreadable") : findings;
        return new LedgerDamaged("ledger " + file + " is damaged (SQLite's quick check: "
                + String.join("; ", lines.subList(0, Math.min(FINDINGS_SHOWN, lines.size())))
                + "): restore it from a backup (hubscore backup makes one), or move it away and let the daemon "
                + "build a new one from HubSpot", lines);
    }

    private static int pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String describe(List<String> tables) {
        if (tables.isEmpty()) {
            return "it has no tables";
        }
        String shown = String.join(", ", tables.subList(0, Math.min(5, tables.size())));
        return "its tables: " + shown + (tables.size() > 5 ? ", ..." : "");
    }

    /** The tables the first {@code version} migrations create. */
    static List<String> tablesCreatedUpTo(int version) {
        List<String> tables = new ArrayList<>();
        for (String migration : MIGRATIONS.subList(0, version)) {
            for (String statement : statements(migration)) {
                Matcher m = CREATE_TABLE.matcher(statement);
                if (m.find()) {
                    tables.add(m.group(1));
                }
            }
        }
        return tables;
    }

    /** Marks the file as a hubscore ledger (once; ledgers made before the mark get it here). */
    private void stamp() {
        update(tx -> tx.sql().raw(c -> {
            try (Statement s = c.createStatement()) {
                if (pragma(s, "application_id") != APPLICATION_ID) {
                    s.execute("PRAGMA application_id=" + APPLICATION_ID);
                }
            }
            return null;
        }));
    }

    /** The memory map and page cache of {@link #MMAP_BYTES} and {@link #CACHE_KIB}, for this connection. */
    private static void mapPages(Statement s) throws SQLException {
        s.execute("PRAGMA mmap_size=" + MMAP_BYTES);
        s.execute("PRAGMA cache_size=-" + CACHE_KIB);
    }

    private void configure() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            mapPages(s);
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=5000");
        }
        connection.setAutoCommit(true);
    }

    private void migrate() throws SQLException {
        int version = schemaVersion();
        if (version > MIGRATIONS.size()) {
            throw new LedgerException("ledger " + file + " has schema version " + version
                    + ", newer than this hubscore knows (" + MIGRATIONS.size() + "): run a newer hubscore");
        }
        for (int i = version; i < MIGRATIONS.size(); i++) {
            int target = i + 1;
            List<String> statements = statements(MIGRATIONS.get(i));
            update(tx -> tx.sql().raw(c -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version=" + target);
                }
                return null;
            }));
        }
    }

    /** The number of migrations applied to this ledger. */
    public int schemaVersion() {
        return read(tx -> (int) tx.sql().count("PRAGMA user_version"));
    }

    /** Runs {@code work} in one read transaction (a consistent snapshot) and returns what it returns. */
    public <T> T read(Function<Tx, T> work) {
        return transaction(work, "BEGIN DEFERRED");
    }

    /** Runs {@code work} in one write transaction and returns what it returns; rolls back if it throws. */
    public <T> T write(Function<Tx, T> work) {
        return transaction(work, "BEGIN IMMEDIATE");
    }

    /** Runs {@code work}, which returns nothing, in one write transaction; rolls back if it throws. */
    public void update(Consumer<Tx> work) {
        write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private <T> T transaction(Function<Tx, T> work, String begin) {
        serial.lock();
        try (Statement s = connection.createStatement()) {
            s.execute(begin);
            Sql sql = new Sql(connection, file, statements);
            try {
                T result = work.apply(new Tx(sql, writes));
                sql.end();
                s.execute("COMMIT");
                if (begin.endsWith("IMMEDIATE")) {
                    writes++;
                }
                return result;
            } catch (RuntimeException | Error e) {
                sql.end();
                s.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("ledger " + file + ": " + e.getMessage(), e);
        } finally {
            serial.unlock();
        }
    }

    /**
     * One transaction on the ledger, handing out its stores bound to it. Valid only inside the work it was given to;
     * not thread-safe.
     */
    public static final class Tx {

        private final Sql sql;
        private final long writesBefore;
        private final Contacts contacts;
        private final Engagements engagements;
        private final Deals deals;
        private final Scores scores;
        private final Suppressions suppressions;
        private final Outbox outbox;
        private final Written written;
        private final Conflicts conflicts;
        private final Checkpoints checkpoints;
        private final CompletenessChecks completeness;
        private final Runs runs;
        private final Outcomes outcomes;
        private final ReportQueries report;
        private final PortalState portalState;
        private final RateState rateState;
        private final ScoringStates scoringStates;
        private final Shadows shadows;

        Tx(Sql sql, long writesBefore) {
            this.sql = sql;
            this.writesBefore = writesBefore;
            this.contacts = new Contacts(sql);
            this.engagements = new Engagements(sql, contacts);
            this.deals = new Deals(sql, contacts);
            this.scores = new Scores(sql);
            this.suppressions = new Suppressions(sql);
            this.outbox = new Outbox(sql);
            this.written = new Written(sql);
            this.conflicts = new Conflicts(sql);
            this.checkpoints = new Checkpoints(sql);
            this.completeness = new CompletenessChecks(sql);
            this.runs = new Runs(sql);
            this.outcomes = new Outcomes(sql);
            this.report = new ReportQueries(sql);
            this.portalState = new PortalState(sql);
            this.rateState = new RateState(portalState);
            this.scoringStates = new ScoringStates(sql);
            this.shadows = new Shadows(sql);
        }

        /**
         * How many write transactions this ledger committed before this one began. Only this ledger writes to its
         * file (it holds the file's lock), so work that read state in one write transaction can tell in a later one
         * whether anything at all was written in between: nothing was when this is exactly one more.
         */
        public long writesBefore() {
            return writesBefore;
        }

        public Contacts contacts() {
            return contacts;
        }

        public Engagements engagements() {
            return engagements;
        }

        public Deals deals() {
            return deals;
        }

        /** Model versions, scores, band states, transitions and lifecycle stages. */
        public Scores scores() {
            return scores;
        }

        public Suppressions suppressions() {
            return suppressions;
        }

        public Outbox outbox() {
            return outbox;
        }

        public Written written() {
            return written;
        }

        public Conflicts conflicts() {
            return conflicts;
        }

        public Checkpoints checkpoints() {
            return checkpoints;
        }

        public CompletenessChecks completeness() {
            return completeness;
        }

        public Runs runs() {
            return runs;
        }

        /** Lifecycle stage entries and lead status changes, for outcome reports. */
        public Outcomes outcomes() {
            return outcomes;
        }

        /** The outcome report's bulk reads. */
        public ReportQueries report() {
            return report;
        }

        public PortalState portalState() {
            return portalState;
        }

        public RateState rateState() {
            return rateState;
        }

        /** What the score job reads to decide a batch of contacts, with a few set-based queries. */
        public ScoringStates scoringStates() {
            return scoringStates;
        }

        /** A shadow model's bands and changes, beside the live model's. */
        public Shadows shadows() {
            return shadows;
        }

        /** The transaction's statements, for the ledger's own checks and tests. */
        Sql sql() {
            return sql;
        }
    }

    /**
     * Writes a consistent copy of the ledger into {@code target} with SQLite's {@code VACUUM INTO}, also while a
     * daemon writes to it (from a read-only ledger too). {@code target} must not exist or be an empty file; an
     * existing file keeps its permissions.
     *
     * @throws LedgerException when SQLite cannot write the copy; the message names both files
     */
    public void copyInto(Path target) {
        serial.lock();
        try (PreparedStatement ps = connection.prepareStatement("VACUUM INTO ?")) { // never inside a transaction
            ps.setString(1, target.toAbsolutePath().toString());
            ps.execute();
        } catch (SQLException e) {
            throw new LedgerException("cannot copy ledger " + file + " to " + target + ": " + e.getMessage(), e);
        } finally {
            serial.unlock();
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        serial.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to protect
        } finally {
            if (lock != null) {
                try {
                    lock.release();
                } catch (IOException e) {
                    // released with the channel below
                }
            }
            closeQuietly(lockChannel);
            serial.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    static List<String> statements(String resource) {
        try (InputStream in = Ledger.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is missing from the jar");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder sql = new StringBuilder();
            for (String line : script.split("\n")) {
                int comment = line.indexOf("--");
                sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
            }
            List<String> statements = new ArrayList<>();
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
