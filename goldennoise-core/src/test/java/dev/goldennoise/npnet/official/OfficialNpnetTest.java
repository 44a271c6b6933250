package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.io.torch.TorchCheckpoint;
import dev.goldennoise.io.torch.TorchDtype;
import dev.goldennoise.io.torch.TestResources;
import dev.goldennoise.io.torch.TorchTensor;
import dev.goldennoise.npnet.MatrixTiling;
import dev.goldennoise.npnet.NoiseSvd;
import dev.goldennoise.tensor.Npz;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Safetensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official NPNet against PyTorch: tiny_npnet.pth holds seeded random weights of a small official NPNet (latent
 * 4×8×8, text 77×8, a Swin at 224² of width 4 with Swin-T's depths), tiny_npnet.npz its inputs and the outputs of a
 * PyTorch implementation of the official code (make_reference.py beside them, torch 1.13).
 */
class OfficialNpnetTest {
    /** float32 through a Swin and an SVD reconstruction: agreement to rounding, with room for the summation order. */
    private static final double TOL = 2e-5;

    private static NDManager manager;
    private static OfficialNpnet net;
    private static Map<String, NpyArray> ref;

    @TempDir
    Path dir;

    static Path resource(String name) {
        return TestResources.path(OfficialNpnetTest.class, name);
    }

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        net = OfficialNpnetFiles.load(resource("tiny_npnet.pth"), manager);
        ref = Npz.read(resource("tiny_npnet.npz"));
    }

    @AfterAll
    static void close() {
        net.close();
        manager.close();
    }

    private static NDArray array(String name) {
        NpyArray a = ref.get(name);
        return manager.create(a.asFloats(), new Shape(a.shape()));
    }

    /** PyTorch's own SVD factors of x_T's tiled matrices, signs as LAPACK gave them. */
    private static NoiseSvd torchFactors() {
        NpyArray u = ref.get("u");
        return new NoiseSvd(u.asFloats(), ref.get("s").asFloats(), ref.get("vh").asFloats(), (int) u.shape()[0],
                MatrixTiling.of(4, 8, 8));
    }

    private static void assertClose(String what, float[] want, NDArray got, double tol) {
        float[] g = got.toFloatArray();
        assertEquals(want.length, g.length, what);
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(want[i] - g[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        System.out.printf("%s: max |Java − PyTorch| %.3g, max |PyTorch| %.3g%n", what, maxDiff, scale);
        assertTrue(maxDiff <= tol * Math.max(1, scale), what + ": max |diff| " + maxDiff + " over " + tol);
    }

    @Test
    void theCheckpointDescribesTheSmallNet() {
        OfficialNpnetConfig c = net.config();
        assertEquals(8, c.resolution());
        assertEquals(77 * 8, c.textFeatures());
        assertEquals(128, c.outHidden());
        assertEquals(new SwinConfig(224, 4, 4, 7, new int[] {2, 2, 6, 2}, new int[] {1, 2, 2, 4}, 4), c.swin());
    }

    @Test
    void textInjectionMatchesPytorch() {
        assertClose("AdaGroupNorm e", ref.get("e").asFloats(), net.textEmbedding(array("x"), array("text")), TOL);
    }

    @Test
    void svdBranchMatchesPytorchOnItsOwnFactors() {
        assertClose("SVD branch, PyTorch's factors", ref.get("svd").asFloats(), net.svdBranch(array("x"), torchFactors()), TOL);
    }

    /** EJML's SVD in double with the written-down signs, against PyTorch's SVD with the same signs applied. */
    @Test
    void svdBranchMatchesPytorchWithTheSameSignConvention() {
        NDArray x = array("x");
        NoiseSvd own = SingularSigns.canonical(NoiseSvd.of(x.toFloatArray(), 2, MatrixTiling.of(4, 8, 8)));
        assertClose("SVD branch, own SVD", ref.get("svd_canonical").asFloats(), net.svdBranch(x, own), TOL);
    }

    @Test
    void swinFeaturesMatchPytorch() {
        NDArray f = net.swinFeatures(array("swin_in"));
        assertEquals(new Shape(2, 7, 7, 32), f.getShape());
        assertClose("Swin features (NHWC)", ref.get("swin_features").asFloats(), f, TOL);
    }

    /** The NHWC grid read as channels: a residual branch that resized true NCHW features would not match. */
    @Test
    void residualBranchMatchesPytorchQuirkIncluded() {
        assertClose("residual branch", ref.get("residual").asFloats(), net.residualBranch(array("swin_in")), TOL);
    }

    @Test
    void wholeNetMatchesPytorchOnItsOwnFactors() {
        assertClose("whole net, PyTorch's factors", ref.get("golden").asFloats(),
                net.forward(array("x"), array("text"), torchFactors()), TOL);
    }

    @Test
    void wholeNetMatchesPytorchWithTheSameSignConvention() {
        assertClose("whole net, own SVD", ref.get("golden_canonical").asFloats(), net.forward(array("x"), array("text")), TOL);
    }

    @Test
    void rebuiltBuffersMatchTimmsLayout() {
        assertArrayEquals(ref.get("relative_position_index_7").asLongs(),
                Arrays.stream(SwinWindows.relativePositionIndex(7)).asLongStream().toArray());
        assertArrayEquals(ref.get("attn_mask_14_7_3").asFloats(), SwinWindows.shiftMask(14, 7, 3));
    }

    /** The resizes of the real-size net, 128 → 224 and the quirk's 7 → 128 and 768 → 128, index as PyTorch's. */
    @Test
    void nearestIndicesAtSdxlSizeAreTorchs() {
        for (int[] io : new int[][] {{128, 224}, {7, 128}, {768, 128}}) {
            long[] want = ref.get("nearest_" + io[0] + "_" + io[1]).asLongs();
            assertArrayEquals(want, Arrays.stream(NearestResize.indices(io[0], io[1])).asLongStream().toArray(),
                    io[0] + " → " + io[1]);
        }
    }

    @Test
    void nanNoiseIsRefused() {
        float[] x = ref.get("x").asFloats();
        x[5] = Float.NaN;
        NDArray bad = manager.create(x, new Shape(2, 4, 8, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(bad, array("text")));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void textOfAnotherWidthIsRefusedWithBothShapes() {
        NDArray text = manager.zeros(new Shape(2, 77, 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(array("x"), text));
        assertTrue(e.getMessage().contains("616 text features") && e.getMessage().contains("(2, 77, 16)"), e.getMessage());
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreAllNamed() throws IOException {
        Map<String, TorchTensor> t = new LinkedHashMap<>(TorchCheckpoint.read(resource("tiny_npnet.pth")));
        t.remove("unet_embedding.swin.layers.2.blocks.5.mlp.fc2.bias");
        t.put("unet_embedding.swin.layers.0.downsample.reduction.weight", t.get("unet_svd.mlp3.0.weight"));
        t.put("beta", new TorchTensor(TorchDtype.FLOAT32, new long[] {2}, new float[2], null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfficialNpnet.of(t, manager, "x.pth"));
        String m = e.getMessage();
        assertTrue(m.contains("1 missing: unet_embedding.swin.layers.2.blocks.5.mlp.fc2.bias [16]"), m);
        assertTrue(m.contains("1 unexpected: unet_embedding.swin.layers.0.downsample.reduction.weight [16, 16]"), m);
        assertTrue(m.contains("beta is [2], expected [1]"), m);
    }

    @Test
    void aFileOfOtherTensorsIsNotTakenForAnNpnet() {
        Map<String, TorchTensor> t = Map.of("weight", new TorchTensor(TorchDtype.FLOAT32, new long[] {1}, new float[1], null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfficialNpnet.of(t, manager, "y.pth"));
        assertTrue(e.getMessage().contains("not an official NPNet checkpoint"), e.getMessage());
    }

    @Test
    void aModelOfAnotherLatentIsRefusedWithBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfficialNpnetFiles.load(
                resource("tiny_npnet.pth"), new long[] {4, 128, 128}, 77, 8, manager));
        assertTrue(e.getMessage().contains("latent 4×8×8") && e.getMessage().contains("latent 4×128×128"), e.getMessage());
    }

    /** A safetensors conversion with the checkpoint's names (and the corrected "embedding." spelling) is the same net. */
    @Test
    void safetensorsWithTheOfficialNamesGivesTheSameNet() throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TorchTensor> e : TorchCheckpoint.read(resource("tiny_npnet.pth")).entrySet()) {
            String k = e.getKey().replaceFirst("^embeeding\\.", "embedding.");
            tensors.put(k, manager.create(e.getValue().asFloats(), new Shape(e.getValue().shape())));
        }
        Path f = dir.resolve("npnet.safetensors");
        Safetensors.write(f, tensors, Map.of());
        assertTrue(OfficialNpnetFiles.isOfficial(f));
        assertTrue(OfficialNpnetFiles.isOfficial(resource("tiny_npnet.pth")));
        try (OfficialNpnet fromSafetensors = OfficialNpnetFiles.load(f, manager)) {
            assertClose("whole net from safetensors", ref.get("golden_canonical").asFloats(),
                    fromSafetensors.forward(array("x"), array("text")), TOL);
        }
    }

    @Test
    void goldennoisesOwnWeightsAreNotOfficial() throws IOException {
        Path f = dir.resolve("own.safetensors");
        Safetensors.write(f, Map.of("ada.w", manager.zeros(new Shape(2, 2))), Map.of("format", "goldennoise-npnet-1"));
        assertFalse(OfficialNpnetFiles.isOfficial(f));
    }
}
