package dev.goldennoise.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.io.PngText;
import dev.goldennoise.world.PromptException;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API end to end on loopback, on a tiny untrained model: images, comparisons, votes, errors, metrics. */
class ServeApiTest {
    @TempDir
    static Path dir;
    static TinyService tiny;

    @BeforeAll
    static void start() throws IOException {
        tiny = new TinyService().start(TinyService.settings(5, 8).withExperiment(0.5, 7), dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        tiny.close();
    }

    @Test
    void anImageComesBackWithItsProvenanceAndIsRecorded() throws Exception {
        TinyService.Reply r = tiny.post("/v1/images", "{\"prompt\": \"  A Red   circle\", \"seed\": 3, \"noise\": \"npnet\"}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode j = r.json();
        assertEquals("a red circle", j.get("prompt").asText(), "normalised as the CLI does");
        assertEquals(3, j.get("seed").asLong());
        assertEquals("npnet", j.get("noise").asText());
        assertEquals("golden", j.get("arm").asText());
        assertEquals(2, j.get("steps").asInt());
        assertEquals("tiny", j.get("model").get("name").asText());
        assertEquals("f".repeat(64), j.get("npnet").asText());
        assertTrue(j.get("scores").has("checker") && j.get("scores").has("preference"), j.get("scores").toString());
        assertTrue(j.get("timings").get("total_ms").asLong() >= 0);
        byte[] png = Base64.getDecoder().decode(j.get("image").asText());
        RgbImage image = RgbImage.fromBufferedImage(ImageIO.read(new ByteArrayInputStream(png)));
        assertEquals(64, image.width());
        Path file = dir.resolve("served.png");
        Files.write(file, png);
        Map<String, String> text = PngText.read(file);
        assertEquals("a red circle", text.get(ImageProvenance.PROMPT));
        assertEquals("3", text.get(ImageProvenance.SEED));
        assertEquals("npnet", text.get(ImageProvenance.NOISE));
        assertEquals("f".repeat(64), text.get(ImageProvenance.NOISE_DIGEST));
        assertEquals("tiny", text.get(ImageProvenance.MODEL));
        assertEquals("2", text.get(ImageProvenance.STEPS));
        assertEquals("abc123", text.get(ImageProvenance.COMMIT));

        TinyService.Reply standard = tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"seed\": 3, \"noise\": \"standard\"}");
        assertEquals("control", standard.json().get("arm").asText());
        assertTrue(standard.json().get("npnet").isNull());
        assertNotEquals(j.get("image").asText(), standard.json().get("image").asText(), "golden noise changes the image");

        try (ServeDatabase db = ServeDatabase.open(dir.resolve("data"))) {
            assertTrue(db.target(j.get("id").asText()).isPresent(), "recorded before the answer");
            assertFalse(db.target(j.get("id").asText()).get().comparison());
        }
    }

    @Test
    void theExperimentAssignsArmsByTheSeededHashOfTheId() throws Exception {
        Experiment experiment = new Experiment(7, 0.5);
        Set<String> arms = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            JsonNode j = tiny.post("/v1/images", "{\"prompt\": \"two blue squares\"}").json();
            String id = j.get("id").asText();
            assertEquals(experiment.arm(id).label(), j.get("arm").asText(), id);
            assertEquals(experiment.seed(id), j.get("seed").asLong(), "a seed not given is drawn from the id");
            assertEquals(j.get("arm").asText().equals("golden") ? "npnet" : "standard", j.get("noise").asText());
            arms.add(j.get("arm").asText());
        }
        assertEquals(Set.of("golden", "control"), arms, "10 requests at control 0.5 reach both arms");
        String metrics = tiny.get("/metrics").body();
        assertTrue(metrics.contains("goldennoise_images_total{arm=\"control\"}"), metrics);
        assertTrue(metrics.contains("goldennoise_score_mean{arm=\"golden\",scorer=\"preference\"}"), metrics);
        assertTrue(metrics.contains("goldennoise_win_rate{source=\"preference\"}"), metrics);
    }

    @Test
    void aComparisonShowsBothArmsFromOneNoiseAndTakesVotes() throws Exception {
        TinyService.Reply r = tiny.post("/v1/compare", "{\"prompt\": \"a green triangle above a red square\", \"seed\": 11}");
        assertEquals(200, r.status(), r.body());
        JsonNode j = r.json();
        String id = j.get("id").asText();
        assertEquals(2, j.get("images").size());
        assertFalse(j.has("arm") || j.has("noise") || j.has("scores"), "unlabelled: " + j.fieldNames().next());
        // the same two images as single requests with the same seed, in the order drawn for the id
        String golden = tiny.post("/v1/images", "{\"prompt\": \"a green triangle above a red square\", \"seed\": 11, \"noise\": \"golden\"}").json().get("image").asText();
        String control = tiny.post("/v1/images", "{\"prompt\": \"a green triangle above a red square\", \"seed\": 11, \"noise\": \"control\"}").json().get("image").asText();
        boolean goldenFirst = new Experiment(7, 0.5).goldenFirst(id);
        assertPixelsClose(goldenFirst ? golden : control, j.get("images").get(0).asText());
        assertPixelsClose(goldenFirst ? control : golden, j.get("images").get(1).asText());
        Path file = dir.resolve("compared.png");
        Files.write(file, Base64.getDecoder().decode(j.get("images").get(0).asText()));
        assertEquals(ImageService.HIDDEN_NOISE, PngText.read(file).get(ImageProvenance.NOISE), "the PNG does not tell the arm");

        TinyService.Reply vote = tiny.post("/v1/feedback", "{\"id\": \"" + id + "\", \"choice\": \"" + (goldenFirst ? "first" : "second") + "\"}");
        assertEquals(200, vote.status(), vote.body());
        assertOneLineError(tiny.post("/v1/feedback", "{\"id\": \"" + id + "\", \"choice\": \"up\"}"), 400, "first, second, same");
        assertOneLineError(tiny.post("/v1/feedback", "{\"id\": \"no-such-id\", \"choice\": \"first\"}"), 400, "unknown id");
        String single = tiny.post("/v1/images", "{\"prompt\": \"a red circle\"}").json().get("id").asText();
        assertEquals(200, tiny.post("/v1/feedback", "{\"id\": \"" + single + "\", \"choice\": \"down\"}").status());
        assertOneLineError(tiny.post("/v1/feedback", "{\"id\": \"" + single + "\", \"choice\": \"same\"}"), 400, "up, down");

        try (ServeDatabase db = ServeDatabase.open(dir.resolve("data"))) {
            ServeDatabase.ComparisonVote v = db.comparisonVotes().stream().filter(c -> c.prompt().contains("triangle")).findFirst().orElseThrow();
            assertEquals(goldenFirst ? "first" : "second", v.choice(), "the choice as given");
            assertEquals(goldenFirst, v.goldenFirst());
        }
        assertTrue(tiny.app.service().stats().winRate(ExperimentStats.HUMAN).sample() >= 1);
        assertTrue(tiny.get("/metrics").body().contains("goldennoise_votes_total{choice=\"down\"} 1.0"));
    }

    @Test
    void badRequestsAreOneLineJsonErrors() throws Exception {
        String expected;
        try {
            PromptParser.parse("a pink circle");
            throw new AssertionError("pink is not a colour of the shapes world");
        } catch (PromptException e) {
            expected = e.getMessage();
        }
        TinyService.Reply pink = tiny.post("/v1/images", "{\"prompt\": \"a pink circle\"}");
        assertOneLineError(pink, 400, "pink");
        assertEquals(expected, pink.json().get("error").asText(), "the CLI's message for the same prompt");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\""), 400, "not valid JSON");
        assertOneLineError(tiny.post("/v1/images", "[1, 2]"), 400, "JSON object");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"sed\": 3}"), 400, "unknown field \"sed\"");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": 7}"), 400, "string");
        assertOneLineError(tiny.post("/v1/images", "{}"), 400, "\"prompt\" is missing");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"steps\": 0}"), 400, "\"steps\"");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"steps\": 1000}"), 400, "\"steps\"");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"seed\": 1.5}"), 400, "whole number");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"seed\": -1}"), 400, "\"seed\"");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"cfg\": \"high\"}"), 400, "\"cfg\"");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"cfg\": 1e400}"), 400, "\"cfg\"");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"noise\": \"npnet:/etc/passwd\"}"), 400, "unknown noise");
        assertOneLineError(tiny.post("/v1/compare", "{\"prompt\": \"a red circle\", \"noise\": \"standard\"}"), 400, "unknown field");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"" + "a".repeat(600) + "\"}"), 400, "characters");
        assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"" + "a ".repeat(40_000) + "\"}"), 413, "bytes");
        assertOneLineError(tiny.get("/v1/nothing"), 404, "no route");
        assertOneLineError(tiny.get("/v1/images"), 404, "no route");
        String metrics = tiny.get("/metrics").body();
        assertTrue(metrics.contains("goldennoise_http_errors_total{route=\"images\",status=\"400\"}"), metrics);
    }

    static void assertOneLineError(TinyService.Reply r, int status, String mention) throws IOException {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode j = r.json();
        assertEquals(1, j.size(), r.body());
        String e = j.get("error").asText();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(mention), e);
        assertFalse(r.body().contains("at dev.goldennoise") || r.body().contains("at io.javalin"), "no stack trace: " + r.body());
    }

    @Test
    void healthAndMetricsAndThePage() throws Exception {
        TinyService.Reply h = tiny.get("/healthz");
        assertEquals(200, h.status());
        assertEquals("ok", h.json().get("status").asText());
        TinyService.Reply m = tiny.get("/metrics");
        assertEquals(200, m.status());
        assertTrue(m.contentType().startsWith("text/plain"), m.contentType());
        for (String name : new String[] {"goldennoise_http_requests_seconds_bucket", "goldennoise_queue_depth",
                "goldennoise_batch_size_count", "goldennoise_images_per_second", "goldennoise_alert",
                "goldennoise_win_rate_sample{source=\"human\"}", "goldennoise_policy_refusals_total"}) {
            assertTrue(m.body().contains(name), name + " in\n" + m.body());
        }
        TinyService.Reply page = tiny.get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        assertTrue(page.body().contains("/v1/compare") && page.body().contains("/v1/feedback"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing loaded from elsewhere");
    }

    static void assertPixelsClose(String pngA, String pngB) throws IOException {
        RgbImage a = decode(pngA);
        RgbImage b = decode(pngB);
        assertEquals(0, maxDifference(a, b), 1, "the same image, up to rounding");
    }

    static RgbImage decode(String base64) throws IOException {
        return RgbImage.fromBufferedImage(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64))));
    }

    static int maxDifference(RgbImage a, RgbImage b) {
        int d = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                d = Math.max(d, Math.max(Math.abs(a.r(x, y) - b.r(x, y)), Math.max(Math.abs(a.g(x, y) - b.g(x, y)),
                        Math.abs(a.b(x, y) - b.b(x, y)))));
            }
        }
        return d;
    }

    @Test
    void experimentDrawsAreInRange() {
        assertThrows(IllegalArgumentException.class, () -> new Experiment(0, 1.5));
        Experiment e = new Experiment(3, 0.1);
        int control = 0;
        for (int i = 0; i < 2000; i++) {
            control += e.arm("id-" + i) == Arm.CONTROL ? 1 : 0;
            long s = e.seed("id-" + i);
            assertTrue(s >= 0 && s <= Experiment.MAX_SEED);
        }
        assertTrue(control > 150 && control < 250, "about 10% control: " + control);
    }
}
