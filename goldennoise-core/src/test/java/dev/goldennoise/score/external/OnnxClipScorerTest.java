package dev.goldennoise.score.external;

import dev.goldennoise.model.onnx.TinyOnnxAccess;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxClipScorerTest {
    private static RgbImage uniform(int r, int g, int b) {
        RgbImage im = new RgbImage(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                im.set(x, y, r, g, b);
            }
        }
        return im;
    }

    /** CLIP-normalised channel values of a uniform colour: what the tiny image tower's mean-pooling returns. */
    private static double[] normalised(int r, int g, int b) {
        return new double[] {(r / 255.0 - 0.48145466) / 0.26862954, (g / 255.0 - 0.4578275) / 0.26130258, (b / 255.0 - 0.40821073) / 0.27577711};
    }

    @Test
    void scoresAreTheLogitScaleTimesTheCosineOfTheTowers(@TempDir Path dir) throws IOException {
        TinyOnnxAccess.clipScorerFolder(dir, false);
        try (OnnxClipScorer s = OnnxClipScorer.load(dir, "cpu")) {
            double[] scores = s.score(List.of(uniform(255, 0, 0), uniform(0, 0, 255)), List.of("a cat", "a cat"));
            // the tiny text tower maps "a cat" to the direction (1, 0, 0)
            double[] red = normalised(255, 0, 0);
            double[] blue = normalised(0, 0, 255);
            assertEquals(100 * red[0] / Math.sqrt(red[0] * red[0] + red[1] * red[1] + red[2] * red[2]), scores[0], 1e-2);
            assertEquals(100 * blue[0] / Math.sqrt(blue[0] * blue[0] + blue[1] * blue[1] + blue[2] * blue[2]), scores[1], 1e-2);
            assertTrue(scores[0] > scores[1]);
            assertEquals("tiny-clip", s.name());
        }
    }

    @Test
    void anAestheticHeadScoresTheImageEmbedding(@TempDir Path dir) throws IOException {
        TinyOnnxAccess.clipScorerFolder(dir, true);
        try (OnnxClipScorer s = OnnxClipScorer.load(dir, "cpu")) {
            double[] scores = s.score(List.of(uniform(0, 255, 0)), List.of("anything"));
            assertEquals(normalised(0, 255, 0)[0], scores[0], 1e-2);
        }
    }

    @Test
    void aMissingConfigOrModelIsNamed(@TempDir Path dir) throws IOException {
        IOException noConfig = assertThrows(IOException.class, () -> OnnxClipScorer.load(dir, "cpu"));
        assertTrue(noConfig.getMessage().contains("scorer.json"), noConfig.getMessage());
        TinyOnnxAccess.clipScorerFolder(dir, false);
        Files.delete(dir.resolve("text.onnx"));
        IOException noText = assertThrows(IOException.class, () -> OnnxClipScorer.load(dir, "cpu"));
        assertTrue(noText.getMessage().contains("text.onnx"), noText.getMessage());

        // a model.onnx that is not a CLIPModel: the image tower alone lacks input_ids
        Path notJoint = Files.createDirectories(dir.resolve("not-joint"));
        Files.copy(dir.resolve("image.onnx"), notJoint.resolve("model.onnx"));
        Files.copy(dir.resolve("tokenizer/vocab.json"), notJoint.resolve("vocab.json"));
        Files.copy(dir.resolve("tokenizer/merges.txt"), notJoint.resolve("merges.txt"));
        IOException wrong = assertThrows(IOException.class, () -> OnnxClipScorer.load(notJoint, "cpu"));
        assertTrue(wrong.getMessage().contains("input_ids"), wrong.getMessage());
        assertEquals(1, wrong.getMessage().lines().count(), wrong.getMessage());
    }

    @Test
    void anOptimumClipModelScoresTheDiagonalOfItsLogitsWithTheAttentionMask(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("pickscore-tiny"));
        TinyOnnxAccess.clipJointFolder(folder, true);
        try (OnnxClipScorer s = OnnxClipScorer.load(folder, "cpu")) {
            double[] scores = s.score(List.of(uniform(255, 0, 0), uniform(0, 0, 255)), List.of("a cat", "a cat"));
            // "a cat" is start, a, cat, end, then padding; under the mask its text embedding points along (1, 1, 0)
            for (int i = 0; i < 2; i++) {
                double[] c = i == 0 ? normalised(255, 0, 0) : normalised(0, 0, 255);
                double cos = (c[0] + c[1]) / Math.sqrt(2) / Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
                assertEquals(50 * cos, scores[i], 1e-2, "image " + i);
            }
            assertEquals("pickscore-tiny", s.name());
        }
    }

    @Test
    void anOptimumClipModelWithoutLogitsUsesTheScaledCosineOfItsEmbeddings(@TempDir Path dir) throws IOException {
        TinyOnnxAccess.clipJointFolder(dir, false);
        Files.writeString(dir.resolve("scorer.json"), "{\"name\": \"clip-tiny\", \"model\": \"model.onnx\", \"logit_scale\": 10.0}");
        try (OnnxClipScorer s = OnnxClipScorer.load(dir, "cpu")) {
            double[] c = normalised(255, 0, 0);
            double cos = (c[0] + c[1]) / Math.sqrt(2) / Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
            assertEquals(10 * cos, s.score(List.of(uniform(255, 0, 0)), List.of("a cat"))[0], 1e-3);
            assertEquals("clip-tiny", s.name());
        }
    }
}
