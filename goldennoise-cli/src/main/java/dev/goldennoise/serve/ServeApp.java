package dev.goldennoise.serve;

import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Consumer;

/** The running service: its database, the service with its batch worker, and the HTTP routes in front. */
public final class ServeApp implements AutoCloseable {
    private final ServeDatabase db;
    private final ImageService service;
    private final HttpApi http;

    private ServeApp(ServeDatabase db, ImageService service, HttpApi http) {
        this.db = db;
        this.service = service;
        this.http = http;
    }

    /** Opens the database in {@code dataDir}, starts the batch worker and listens. */
    public static ServeApp start(ServedModel model, ServeSettings settings, Path dataDir, NDManager manager,
                                 Consumer<String> log) throws IOException {
        ServeDatabase db = ServeDatabase.open(dataDir);
        ImageService service = null;
        try {
            service = new ImageService(model, settings, db, manager, log);
            return new ServeApp(db, service, HttpApi.start(service, settings, log));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(service, db);
            if (e instanceof SQLException sql) {
                throw new IOException("the database in " + dataDir + " cannot be read: " + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
    }

    public int port() {
        return http.port();
    }

    public ImageService service() {
        return service;
    }

    /** Graceful: requests in flight are answered and recorded, then the database is closed. */
    @Override
    public void close() throws InterruptedException, SQLException {
        try {
            http.close();
        } finally {
            db.close();
        }
    }

    private static void closeQuietly(ImageService service, ServeDatabase db) {
        try {
            if (service != null) {
                service.close();
            }
            db.close();
        } catch (InterruptedException | SQLException e) {
            // the start failed already; that failure is the one to report
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
