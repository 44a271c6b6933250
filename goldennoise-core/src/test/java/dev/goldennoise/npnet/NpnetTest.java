package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpnetTest {
    private static NDArray noise(NDManager m, int b, int c, int h, int w, long seed) {
        return m.create(Seeds.gaussian(seed, b * c * h * w), new Shape(b, c, h, w));
    }

    private static NDArray text(NDManager m, int b, int t, int d, long seed) {
        return m.create(Seeds.gaussian(seed, b * t * d), new Shape(b, t, d));
    }

    private static float maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }

    @Test
    void tilingMatchesTheOfficialRearrangeAndRoundTrips() {
        MatrixTiling t = MatrixTiling.of(4, 2, 3);
        assertEquals(2, t.a());
        assertEquals(2, t.c());
        assertEquals(4, t.rows());
        assertEquals(6, t.cols());
        float[] x = new float[24];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        double[] m = t.tile(x, 0);
        // "b (a c) h w -> b (a h) (c w)": channel 1 (a=0, c=1) sits top right, channel 2 (a=1, c=0) bottom left
        assertEquals(x[6], m[3]);       // channel 1, h 0, w 0 → row 0, col 3
        assertEquals(x[12], m[2 * 6]);  // channel 2, h 0, w 0 → row 2, col 0
        assertArrayEquals(x, t.untile(m));
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray a = nd.create(x, new Shape(1, 4, 2, 3));
            NDArray tiled = t.tile(a);
            float[] fromNd = tiled.toFloatArray();
            for (int i = 0; i < m.length; i++) {
                assertEquals(m[i], fromNd[i], 0);
            }
            assertArrayEquals(x, t.untile(tiled).toFloatArray());
        }
        assertEquals(1, MatrixTiling.of(3, 4, 4).a());
        assertEquals(3, MatrixTiling.of(3, 4, 4).c());
        assertEquals(1, MatrixTiling.of(1, 4, 4).c());
    }

    @Test
    void recomposingWithUnchangedSingularValuesGivesTheNoiseBack() {
        for (int[] s : List.of(new int[] {4, 16, 16}, new int[] {4, 8, 12}, new int[] {3, 6, 6}, new int[] {1, 8, 8})) {
            MatrixTiling t = MatrixTiling.of(s[0], s[1], s[2]);
            float[] x = Seeds.gaussian(7, 2 * s[0] * s[1] * s[2]);
            NoiseSvd svd = NoiseSvd.of(x, 2, t);
            for (int b = 0; b < 2; b++) {
                for (int j = 1; j < t.rank(); j++) {
                    assertTrue(svd.s()[b * t.rank() + j - 1] >= svd.s()[b * t.rank() + j], "descending");
                }
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray back = t.untile(svd.uArray(m).mul(svd.sArray(m).expandDims(1)).matMul(svd.vtArray(m)));
                assertEquals(0, maxAbs(back.sub(m.create(x, new Shape(2, s[0], s[1], s[2])))), 1e-4, java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void outputHasTheNoiseShapeForManyLatentAndTextShapes() {
        int[][] shapes = {{4, 16, 16, 16, 128}, {4, 8, 12, 77, 8}, {1, 8, 8, 3, 5}, {3, 6, 6, 4, 4}};
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] s : shapes) {
                try (Npnet net = new Npnet(NpnetConfig.tiny(s[0], s[1], s[2], s[3], s[4]), m, 1)) {
                    NDArray out = net.forward(noise(m, 3, s[0], s[1], s[2], 1), text(m, 3, s[3], s[4], 2));
                    assertEquals(new Shape(3, s[0], s[1], s[2]), out.getShape());
                }
            }
        }
    }

    @Test
    void untrainedNetworkIsTheSvdBranchWhichIsTheNoiseItself() {
        // square tiles (4 → 2×2) and non-square ones (4×8×12 → 16×24, 3 → 1×3 → 6×18)
        for (int[] s : List.of(new int[] {4, 16, 16}, new int[] {4, 8, 12}, new int[] {3, 6, 6})) {
            try (NDManager m = NDManager.newBaseManager(); Npnet net = new Npnet(NpnetConfig.tiny(s[0], s[1], s[2], 16, 8), m, 3)) {
                NDArray x = noise(m, 2, s[0], s[1], s[2], 5);
                NDArray out = net.forward(x, text(m, 2, 16, 8, 6));
                assertEquals(0, maxAbs(out.sub(net.singularValueBranch(x))), 1e-6);
                assertEquals(0, maxAbs(out.sub(x)), 1e-4);
            }
        }
    }

    @Test
    void ablationsLeaveTheirBranchOutAndStillStartAsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NpnetConfig full = NpnetConfig.tiny(4, 8, 8, 3, 4);
            NDArray x = noise(m, 2, 4, 8, 8, 5);
            NDArray t = text(m, 2, 3, 4, 6);
            for (boolean[] ab : new boolean[][] {{false, true}, {true, false}, {false, false}}) {
                try (Npnet net = new Npnet(full.withAblation(ab[0], ab[1]), m, 1)) {
                    assertEquals(ab[0], net.params().all().keySet().stream().anyMatch(k -> k.startsWith("svd.")));
                    assertEquals(ab[1], net.params().all().keySet().stream().anyMatch(k -> k.startsWith("res.")));
                    assertEquals(0, maxAbs(net.forward(x, t).sub(x)), 1e-4);
                    // with the correction switched on, the ablation is x_T + α·e (+ β·x̂): not x_T any more
                    net.params().get("alpha").set(new float[] {1f});
                    net.params().get("beta").set(new float[] {1f});
                    assertTrue(maxAbs(net.forward(x, t).sub(x)) > 1e-2);
                }
            }
        }
    }

    /** With keepNorm the net moves each noise on x_T's sphere; without it the same weights change the norm. */
    @Test
    void keepNormPutsEachGoldenNoiseOnItsNoisesSphere() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = noise(m, 3, 4, 8, 8, 5);
            NDArray t = text(m, 3, 3, 4, 6);
            NDArray norms = x.square().sum(new int[] {1, 2, 3}).sqrt();
            float[] rel = new float[2];
            for (int keep = 0; keep < 2; keep++) {
                try (Npnet net = new Npnet(NpnetConfig.tiny(4, 8, 8, 3, 4).withKeepNorm(keep == 1), m, 1)) {
                    net.params().get("alpha").set(new float[] {1f});
                    net.params().get("beta").set(new float[] {1f});
                    NDArray out = net.forward(x, t);
                    assertTrue(maxAbs(out.sub(x)) > 1e-2, "the net moves the noise");
                    rel[keep] = out.square().sum(new int[] {1, 2, 3}).sqrt().sub(norms).div(norms).abs().max().getFloat();
                }
            }
            assertTrue(rel[0] > 1e-2, "without keepNorm the move changes the norm: " + rel[0]);
            assertEquals(0, rel[1], 1e-5, "with keepNorm every norm is x_T's");
        }
    }

    @Test
    void aPrecomputedSvdGivesTheSameOutputAndMustMatchTheBatch() {
        try (NDManager m = NDManager.newBaseManager(); Npnet net = new Npnet(NpnetConfig.tiny(4, 8, 12, 3, 4), m, 1)) {
            net.params().get("svd.out2.w").set(Seeds.gaussian(9, (int) net.params().get("svd.out2.w").getShape().size()));
            net.params().get("alpha").set(new float[] {0.5f});
            NDArray x = noise(m, 3, 4, 8, 12, 5);
            NDArray t = text(m, 3, 3, 4, 6);
            NoiseSvd svd = NoiseSvd.of(x.toFloatArray(), 3, net.config().tiling());
            NDArray inside = net.forward(x, t);
            assertTrue(maxAbs(inside.sub(x)) > 1e-2, "a non-zero singular-value head changes the noise");
            assertEquals(0, maxAbs(net.forward(x, t, svd).sub(inside)), 1e-5);
            // one SVD per pair, assembled into a batch, as the trainer does
            float[] all = x.toFloatArray();
            List<NoiseSvd> parts = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                parts.add(NoiseSvd.of(java.util.Arrays.copyOfRange(all, i * 384, (i + 1) * 384), 1, net.config().tiling()));
            }
            assertEquals(0, maxAbs(net.forward(x, t, NoiseSvd.concat(parts)).sub(inside)), 1e-5);
            NoiseSvd two = NoiseSvd.of(java.util.Arrays.copyOf(all, 2 * 384), 2, net.config().tiling());
            assertThrows(IllegalArgumentException.class, () -> net.forward(x, t, two));
        }
    }

    /** DJL attaches an op's result to its first operand's manager: a weight first would pile arrays up every step. */
    @Test
    void trainingStepsLeaveNoArraysBehind() {
        try (NDManager root = NDManager.newBaseManager(); Npnet net = new Npnet(NpnetConfig.tiny(4, 8, 8, 3, 4), root, 1)) {
            AdamW adam = new AdamW(net.params(), 0.01);
            net.params().requireGradients(true);
            int[] counts = null;
            for (int step = 0; step < 4; step++) {
                try (NDManager m = root.newSubManager()) {
                    NDArray x = noise(m, 2, 4, 8, 8, step);
                    NDArray golden = x.mul(0.5f);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(net.forward(x, text(m, 2, 3, 4, 7)).sub(golden).square().mean());
                    }
                }
                adam.update(1e-2);
                int[] now = {root.getManagedArrays().size(), net.params().manager().getManagedArrays().size()};
                if (counts != null) {
                    assertArrayEquals(counts, now, "arrays left in the root and the weights' manager after step " + step);
                }
                counts = now;
            }
            // gradients reached every branch: the zero-initialised singular-value head, α and β all moved
            assertTrue(maxAbs(net.params().get("svd.out2.w")) > 0);
            assertTrue(maxAbs(net.params().get("alpha")) > 0);
            assertTrue(maxAbs(net.params().get("beta")) > 0);
        }
    }

    @Test
    void wrongShapesAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("n.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            try (Npnet net = new Npnet(NpnetConfig.tiny(4, 8, 8, 5, 6), m, 1)) {
                NpnetFiles.save(net, file);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> net.forward(noise(m, 1, 4, 16, 16, 1), text(m, 1, 5, 6, 2)));
                assertTrue(e.getMessage().contains("4×8×8"), e.getMessage());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpnetFiles.load(file, 4, 16, 16, 16, 128, m));
            assertTrue(e.getMessage().contains("latent 4×8×8 and text 5×6"), e.getMessage());
            assertTrue(e.getMessage().contains("latent 4×16×16 and text 16×128"), e.getMessage());
            try (Npnet loaded = NpnetFiles.load(file, 4, 8, 8, 5, 6, m)) {
                assertEquals(NpnetConfig.tiny(4, 8, 8, 5, 6), loaded.config());
            }
        }
    }
}
