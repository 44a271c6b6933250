package dev.goldennoise.npnet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spatial text path: the identity before training, and able to learn where a prompt wants the noise moved. */
class SpatialTextPathTest {
    private static final int C = 4;
    private static final int H = 8;
    private static final int W = 8;
    private static final int T = 4;
    private static final int D = 8;

    private static NpnetConfig config(int patch) {
        return NpnetConfig.tiny(C, H, W, T, D).withAttention(16).withAttentionPatch(patch);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void untrainedIsTheIdentity(int patch) {
        try (NDManager m = NDManager.newBaseManager(); Npnet net = new Npnet(config(patch), m, 1)) {
            NDArray x = m.create(Seeds.gaussian(3, 2 * C * H * W), new Shape(2, C, H, W));
            NDArray text = m.create(Seeds.gaussian(4, 2 * T * D), new Shape(2, T, D));
            assertTrue(net.forward(x, text).sub(x).abs().max().getFloat() < 1e-4f);
        }
    }

    /**
     * Two prompts that differ only in their token embeddings; the target moves mass into the left half of the latent
     * for one and into the right half for the other. Nothing in x_T says which: only the prompt does.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void learnsFromThePromptAloneWhereToMoveMass(int patch) {
        try (NDManager root = NDManager.newBaseManager(); Npnet net = new Npnet(config(patch), root, 1)) {
            float[] left = text(11);
            float[] right = text(12);
            AdamW adam = new AdamW(net.params(), 0.0);
            net.params().requireGradients(true);
            int b = 8;
            for (int step = 0; step < 50; step++) {
                try (NDManager m = root.newSubManager()) {
                    float[] texts = new float[b * T * D];
                    float[] target = new float[b * C * H * W];
                    float[] x = Seeds.gaussian(100 + step, b * C * H * W);
                    for (int i = 0; i < b; i++) {
                        boolean isLeft = i % 2 == 0;
                        System.arraycopy(isLeft ? left : right, 0, texts, i * T * D, T * D);
                        for (int e = 0; e < C * H * W; e++) {
                            int col = e % W;
                            target[i * C * H * W + e] = x[i * C * H * W + e] + ((col < W / 2) == isLeft ? 1f : 0f);
                        }
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.forward(m.create(x, new Shape(b, C, H, W)), m.create(texts, new Shape(b, T, D)));
                        gc.backward(out.sub(m.create(target, new Shape(b, C, H, W))).square().mean());
                    }
                }
                adam.update(1e-2);
            }
            net.params().requireGradients(false);
            try (NDManager m = root.newSubManager()) {
                NDArray x = m.create(Seeds.gaussian(999, C * H * W), new Shape(1, C, H, W));
                NDArray moveLeft = net.forward(x, m.create(left, new Shape(1, T, D))).sub(x);
                NDArray moveRight = net.forward(x, m.create(right, new Shape(1, T, D))).sub(x);
                NDArray diff = moveLeft.sub(moveRight); // should be about +1 on the left half, −1 on the right
                float leftHalf = diff.get(":, :, :, 0:" + W / 2).mean().getFloat();
                float rightHalf = diff.get(":, :, :, " + W / 2 + ":").mean().getFloat();
                assertTrue(leftHalf > 0.5f && rightHalf < -0.5f, "left half " + leftHalf + ", right half " + rightHalf);
            }
        }
    }

    /**
     * With patches, each token's output of C·p·p values must land in its own p×p block, channel by channel: the
     * output bias alone (every weight of the last layer zero) is then the same C×p×p pattern tiled over the latent.
     */
    @Test
    void eachPatchTokenWritesItsOwnBlock() {
        int patch = 2;
        try (NDManager m = NDManager.newBaseManager(); Npnet net = new Npnet(config(patch), m, 1)) {
            float[] pattern = new float[C * patch * patch];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = i; // index c·p·p + dy·p + dx
            }
            net.params().get("att.out.b").set(pattern);
            NDArray x = m.create(Seeds.gaussian(5, C * H * W), new Shape(1, C, H, W));
            float[] move = net.forward(x, m.create(Seeds.gaussian(6, T * D), new Shape(1, T, D))).sub(x).toFloatArray();
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int xx = 0; xx < W; xx++) {
                        float want = c * patch * patch + (y % patch) * patch + xx % patch;
                        assertEquals(want, move[(c * H + y) * W + xx], 1e-4f, "channel " + c + " at (" + y + ", " + xx + ")");
                    }
                }
            }
        }
    }

    @Test
    void aPatchMustTileTheLatent() {
        assertThrows(IllegalArgumentException.class, () -> config(3));
    }

    @Test
    void oldWeightsWithoutTheFieldHaveNoPath() throws Exception {
        NpnetConfig standard = NpnetConfig.standard(C, H, W, T, D);
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(standard).replace(",\"attentionWidth\":0", "")
                .replace(",\"attentionPatch\":1", "");
        assertTrue(!json.contains("attentionWidth") && !json.contains("attentionPatch"), json);
        assertEquals(standard, new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, NpnetConfig.class));
    }

    private static float[] text(long seed) {
        return Seeds.gaussian(seed, T * D);
    }
}
