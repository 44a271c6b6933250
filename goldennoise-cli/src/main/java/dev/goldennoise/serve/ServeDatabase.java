package dev.goldennoise.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The service's record of what must not be lost: every served image, every comparison and every vote, in an
 * embedded SQLite database ({@value #FILE} in the data folder). Each write is its own transaction, committed with a
 * full sync before the method returns, so a response is sent only for what is on disk; the write-ahead log makes
 * that hold through {@code kill -9}. One connection, used under this object's lock.
 */
public final class ServeDatabase implements AutoCloseable {
    public static final String FILE = "serve.db";

    private final Connection db;

    private ServeDatabase(Connection db) {
        this.db = db;
    }

    /** Opens (creating when missing) the database in {@code dir}. */
    public static ServeDatabase open(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE).toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS images (id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL,"
                        + " prompt TEXT NOT NULL, seed INTEGER NOT NULL, steps INTEGER NOT NULL, cfg REAL NOT NULL,"
                        + " arm TEXT NOT NULL, assigned INTEGER NOT NULL, noise TEXT NOT NULL, model TEXT NOT NULL,"
                        + " model_digest TEXT NOT NULL, npnet_digest TEXT, noise_shape TEXT NOT NULL,"
                        + " initial_noise BLOB NOT NULL, start_noise BLOB NOT NULL, scores TEXT NOT NULL, timings TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS comparisons (id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL,"
                        + " prompt TEXT NOT NULL, seed INTEGER NOT NULL, steps INTEGER NOT NULL, cfg REAL NOT NULL,"
                        + " first_arm TEXT NOT NULL, golden_noise TEXT NOT NULL, model TEXT NOT NULL,"
                        + " model_digest TEXT NOT NULL, npnet_digest TEXT, noise_shape TEXT NOT NULL,"
                        + " initial_noise BLOB NOT NULL, golden_noise_values BLOB NOT NULL, golden_scores TEXT NOT NULL,"
                        + " control_scores TEXT NOT NULL, timings TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS votes (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " request_id TEXT NOT NULL, choice TEXT NOT NULL, created_ms INTEGER NOT NULL)");
            }
            return new ServeDatabase(c);
        } catch (SQLException e) {
            throw new IOException("cannot open the database " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public synchronized void insert(ImageRecord r) throws SQLException {
        insert("INSERT INTO images VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r.id(), r.createdMillis(), r.prompt(),
                r.seed(), r.steps(), r.cfg(), r.arm().label(), r.assigned() ? 1 : 0, r.noise(), r.model(), r.modelDigest(),
                r.npnetDigest(), shapeText(r.shape()), bytes(r.initialNoise()), bytes(r.startNoise()), r.scores(), r.timings());
    }

    public synchronized void insert(ComparisonRecord r) throws SQLException {
        insert("INSERT INTO comparisons VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r.id(), r.createdMillis(), r.prompt(),
                r.seed(), r.steps(), r.cfg(), (r.goldenFirst() ? Arm.GOLDEN : Arm.CONTROL).label(), r.goldenNoise(), r.model(),
                r.modelDigest(), r.npnetDigest(), shapeText(r.shape()), bytes(r.initialNoise()), bytes(r.goldenStart()),
                r.goldenScores(), r.controlScores(), r.timings());
    }

    /** One statement with its values bound in order (text, whole numbers, numbers, bytes or null), auto-committed. */
    private void insert(String sql, Object... values) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                p.setObject(i + 1, values[i]);
            }
            p.executeUpdate();
        }
    }

    /** What an id names, if it names anything served. */
    public synchronized Optional<VoteTarget> target(String id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT arm FROM images WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    return Optional.of(new VoteTarget(false, Arm.valueOf(r.getString(1).toUpperCase(Locale.ROOT)), false));
                }
            }
        }
        try (PreparedStatement p = db.prepareStatement("SELECT first_arm FROM comparisons WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    return Optional.of(new VoteTarget(true, null, r.getString(1).equals(Arm.GOLDEN.label())));
                }
            }
        }
        return Optional.empty();
    }

    /** Stores a vote as given; returns its number. */
    public synchronized long insertVote(String requestId, String choice, long createdMillis) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO votes (request_id, choice, created_ms) VALUES (?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, requestId);
            p.setString(2, choice);
            p.setLong(3, createdMillis);
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    /** A vote as stored: its number, the id voted on and the choice as given. */
    public record Vote(long number, String requestId, String choice) {}

    /** Every vote, oldest first. */
    public synchronized List<Vote> votes() throws SQLException {
        List<Vote> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id, request_id, choice FROM votes ORDER BY id")) {
            while (r.next()) {
                out.add(new Vote(r.getLong(1), r.getString(2), r.getString(3)));
            }
        }
        return out;
    }

    /** A vote on a comparison, with the noises its two images came from. */
    public record ComparisonVote(long vote, String prompt, long seed, String choice, boolean goldenFirst, int[] shape,
                                 float[] initialNoise, float[] goldenNoise) {}

    /** Every vote on a comparison, oldest first. */
    public synchronized List<ComparisonVote> comparisonVotes() throws SQLException {
        List<ComparisonVote> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT v.id, c.prompt, c.seed, v.choice,"
                + " c.first_arm, c.noise_shape, c.initial_noise, c.golden_noise_values FROM votes v JOIN comparisons c"
                + " ON c.id = v.request_id ORDER BY v.id")) {
            while (r.next()) {
                out.add(new ComparisonVote(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4),
                        r.getString(5).equals(Arm.GOLDEN.label()), shape(r.getString(6)), floats(r.getBytes(7)),
                        floats(r.getBytes(8))));
            }
        }
        return out;
    }

    /** Rows in a table, for summaries and tests. */
    public synchronized long count(String table) throws SQLException {
        if (!List.of("images", "comparisons", "votes").contains(table)) {
            throw new IllegalArgumentException("no table " + table);
        }
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** An assigned image's arm and scores (a JSON object). */
    public record ScoredImage(Arm arm, String scores) {}

    /** The most recent images the experiment assigned, oldest first, to refill the rolling statistics on restart. */
    public synchronized List<ScoredImage> recentScores(int limit) throws SQLException {
        List<ScoredImage> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT arm, scores FROM (SELECT rowid, arm, scores FROM images"
                + " WHERE assigned = 1 ORDER BY rowid DESC LIMIT ?) ORDER BY rowid")) {
            p.setInt(1, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new ScoredImage(Arm.valueOf(r.getString(1).toUpperCase(Locale.ROOT)), r.getString(2)));
                }
            }
        }
        return out;
    }

    /** The most recent comparison votes as golden's score (1, 0.5 or 0), oldest first. */
    public synchronized List<Double> recentComparisonVotes(int limit) throws SQLException {
        List<Double> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT v.choice, c.first_arm FROM votes v JOIN comparisons c"
                + " ON c.id = v.request_id ORDER BY v.id DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(0, new VoteTarget(true, null, r.getString(2).equals(Arm.GOLDEN.label())).goldenScore(r.getString(1)));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static String shapeText(int[] shape) {
        return String.join(",", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }

    private static int[] shape(String text) {
        return Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
