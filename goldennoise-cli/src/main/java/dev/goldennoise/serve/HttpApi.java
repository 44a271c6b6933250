package dev.goldennoise.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The routes, on Javalin (Jetty): {@code POST /v1/images}, {@code /v1/compare}, {@code /v1/feedback},
 * {@code GET /metrics}, {@code /healthz} and the page at {@code /}. Every answer is JSON but the page and the
 * metrics; every error is {@code {"error": "one line"}} with its status, never a stack trace. With a token, every
 * route but {@code /healthz} and the page (which holds no data and asks for the token itself) needs
 * {@code Authorization: Bearer TOKEN}. Bodies over the limit are refused with 413 before they are read whole.
 */
public final class HttpApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String PAGE = "page.html";

    /** What a route answers with. */
    private record Reply(int status, String contentType, byte[] body) {}

    /** A route's work. */
    @FunctionalInterface
    private interface Endpoint {
        Reply answer(Context ctx) throws Exception;
    }

    private final ImageService service;
    private final ServeSettings settings;
    private final Consumer<String> log;
    private final byte[] token;
    private final byte[] page;
    private final Javalin app;
    private volatile boolean draining;

    private HttpApi(ImageService service, ServeSettings settings, Consumer<String> log) {
        this.service = service;
        this.settings = settings;
        this.log = log;
        this.token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
        this.page = readPage();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyServer(server -> {
                // Jetty waits for requests in flight on stop only behind a GracefulHandler; Javalin nests its
                // servlet inside the handler it finds
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(settings.drainMillis());
            });
            config.routes.post("/v1/images", route("images", false, ctx -> json(200, service.image(body(ctx)))));
            config.routes.post("/v1/compare", route("compare", false, ctx -> json(200, service.compare(body(ctx)))));
            config.routes.post("/v1/feedback", route("feedback", false, ctx -> json(200, service.feedback(body(ctx)))));
            config.routes.get("/metrics", route("metrics", false, ctx -> new Reply(200, ServeMetrics.CONTENT_TYPE,
                    service.metrics().scrape().getBytes(StandardCharsets.UTF_8))));
            config.routes.get("/healthz", route("healthz", true, ctx -> json(draining ? 503 : 200, health())));
            config.routes.get("/", route("page", true, ctx -> new Reply(200, "text/html; charset=utf-8", page)));
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || !JSON_TYPE.equals(ctx.contentType())) {
                    error(ctx, 404, "no route " + ctx.method() + " " + JsonBody.printable(ctx.path())
                            + "; the routes are POST /v1/images, /v1/compare, /v1/feedback and GET /, /metrics, /healthz");
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, internal(e)));
        });
    }

    /** Starts listening on the settings' host and port (0: any free port). */
    public static HttpApi start(ImageService service, ServeSettings settings, Consumer<String> log) {
        HttpApi api = new HttpApi(service, settings, log);
        api.app.start(settings.host(), settings.port());
        return api;
    }

    public int port() {
        return app.port();
    }

    private Handler route(String name, boolean open, Endpoint endpoint) {
        return ctx -> {
            long start = System.nanoTime();
            try {
                if (!open) {
                    authorize(ctx);
                }
                Reply reply = endpoint.answer(ctx);
                ctx.status(reply.status()).contentType(reply.contentType()).result(reply.body());
            } catch (ApiError e) {
                error(ctx, e.status(), e.getMessage());
            } catch (HttpResponseException e) {
                error(ctx, e.getStatus(), e.getMessage());
            } catch (Exception e) {
                error(ctx, 500, internal(e));
            }
            service.metrics().request(name, ctx.statusCode(), System.nanoTime() - start);
        };
    }

    private static Reply json(int status, Object answer) throws IOException {
        return new Reply(status, JSON_TYPE, JSON.writeValueAsBytes(answer));
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", draining ? "draining" : "ok");
        return h;
    }

    private void authorize(Context ctx) {
        if (token == null) {
            return;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).strip() : null;
        // compared in constant time, so the answer's timing says nothing about how much of a guess was right
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "this route needs the header Authorization: Bearer TOKEN (the service's --token)");
        }
    }

    /** The body as UTF-8 text, read no further than the size limit. */
    private String body(Context ctx) throws IOException {
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
        }
        if (bytes.length > settings.maxBodyBytes()) {
            throw new ApiError(413, "the body is over " + settings.maxBodyBytes() + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the body is not UTF-8 text");
        }
    }

    /** A bug, not bad input: the log gets the details, the client one line. */
    private String internal(Exception e) {
        log.accept("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return "internal error (" + e.getClass().getSimpleName() + "); the service log has the details";
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, String> e = Map.of("error", message == null ? "error" : message.lines().findFirst().orElse(""));
        try {
            ctx.status(status).contentType(JSON_TYPE).result(JSON.writeValueAsBytes(e));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static byte[] readPage() {
        try (InputStream in = HttpApi.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the page " + PAGE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Graceful stop: /healthz says draining, Jetty stops accepting and waits for requests in flight, the batcher
     * finishes what it accepted. The database stays open: its owner closes it after this.
     */
    @Override
    public void close() throws InterruptedException {
        draining = true;
        app.stop();
        service.close();
    }
}
