package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.npnet.Npnet;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.serve.ServeDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} as its own process, killed with SIGKILL in the middle of a load of images, comparisons and votes,
 * then started again on the same data folder: every request and vote that was answered is in the database.
 */
class ServeCrashTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path npnet;
    static Path scorers;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+) ");

    @BeforeAll
    static void tinyFiles() throws IOException {
        model = CliTest.saveTinyModel(dir.resolve("tiny.safetensors"));
        npnet = dir.resolve("npnet.safetensors");
        scorers = dir.resolve("scorers");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel b = new BuiltinModel(BuiltinConfig.tiny(), m, 3)) {
            var te = b.asDiffusionModel().textEncoder();
            long[] s = b.asDiffusionModel().latentShape().getShape();
            try (Npnet net = new Npnet(NpnetConfig.tiny((int) s[0], (int) s[1], (int) s[2], te.tokens(), te.width()), m, 5)) {
                net.params().get("alpha").set(new float[] {0.8f});
                NpnetFiles.save(net, npnet);
            }
            try (PreferenceModel p = new PreferenceModel(PreferenceModelConfig.tiny(), m, 4)) {
                PreferenceModelFiles.save(p, "preference", scorers.resolve("preference.safetensors"));
            }
        }
    }

    /** A serve child process and the port it listens on. */
    record Child(Process process, int port) {}

    @Test
    void everythingAnsweredSurvivesKill9() throws Exception {
        Path data = dir.resolve("data");
        Child first = startServe(data, dir.resolve("first.log"));
        Map<String, String> answered = new ConcurrentHashMap<>(); // id -> route
        Map<Long, String> votes = new ConcurrentHashMap<>(); // vote number -> "id choice"
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            Random rnd = new Random(c);
            clients.submit(() -> {
                while (!stop.get()) {
                    try {
                        boolean compare = rnd.nextBoolean();
                        JsonNode r = post(http, first.port(), compare ? "/v1/compare" : "/v1/images",
                                "{\"prompt\": \"" + (rnd.nextBoolean() ? "a red circle" : "two blue squares") + "\"}");
                        String id = r.get("id").asText();
                        answered.put(id, compare ? "compare" : "images");
                        String choice = compare ? List.of("first", "second", "same").get(rnd.nextInt(3)) : rnd.nextBoolean() ? "up" : "down";
                        JsonNode v = post(http, first.port(), "/v1/feedback", "{\"id\": \"" + id + "\", \"choice\": \"" + choice + "\"}");
                        votes.put(v.get("vote").asLong(), id + " " + choice);
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        // a request the kill cut off was never answered, so it need not be kept
                    }
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((answered.size() < 6 || votes.size() < 4) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.process().destroyForcibly(); // SIGKILL while the clients are still sending
        first.process().waitFor();
        stop.set(true);
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(answered.size() >= 6 && votes.size() >= 4, answered.size() + " requests and " + votes.size() + " votes answered");

        Child second = startServe(data, dir.resolve("second.log"));
        try {
            JsonNode after = post(http, second.port(), "/v1/images", "{\"prompt\": \"a red circle\"}");
            assertTrue(after.has("image"), "the restarted service serves");
            try (ServeDatabase db = ServeDatabase.open(data)) {
                for (Map.Entry<String, String> a : answered.entrySet()) {
                    var target = db.target(a.getKey());
                    assertTrue(target.isPresent(), a.getValue() + " " + a.getKey() + " was answered but is not in the database");
                    assertEquals(a.getValue().equals("compare"), target.get().comparison());
                }
                Map<Long, String> stored = db.votes().stream().collect(Collectors.toMap(ServeDatabase.Vote::number,
                        v -> v.requestId() + " " + v.choice()));
                votes.forEach((n, v) -> assertEquals(v, stored.get(n), "vote " + n));
            }
        } finally {
            second.process().destroy(); // SIGTERM: the graceful stop
            assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
        }
        String log = Files.readString(dir.resolve("second.log"));
        assertTrue(log.contains("stopping: finishing the requests in flight") && log.contains("stopped"), log);
    }

    private static JsonNode post(HttpClient http, int port, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Starts {@code serve} on a free port and waits until it says where it listens. */
    private static Child startServe(Path data, Path log) throws IOException, InterruptedException {
        List<String> cmd = ChildJvm.command(List.of("serve", "--port", "0", "--model", model.toString(), "--noise", "npnet:" + npnet,
                "--scorer-dir", scorers.toString(), "--data", data.toString(), "--steps", "2", "--cfg", "3", "--batch", "4",
                "--batch-window", "5", "--control", "0.3"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new Child(p, Integer.parseInt(m.group(1)));
            }
            if (!p.isAlive()) {
                throw new AssertionError("serve exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("serve did not start: " + Files.readString(log));
    }
}
