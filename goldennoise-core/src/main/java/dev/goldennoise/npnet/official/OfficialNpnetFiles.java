package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.io.torch.TorchCheckpoint;
import dev.goldennoise.io.torch.TorchDtype;
import dev.goldennoise.io.torch.TorchTensor;
import dev.goldennoise.tensor.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The released NPNet weights on disk: a PyTorch checkpoint ({@code sdxl.pth}, read without running its pickle), or
 * a safetensors conversion whose tensor names are the checkpoint's, flattened ({@code unet_svd.mlp1.0.weight}, …).
 */
public final class OfficialNpnetFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private OfficialNpnetFiles() {}

    /**
     * Whether {@code --noise npnet:FILE} means the official net: any PyTorch checkpoint (goldennoise writes
     * safetensors only), or a safetensors file with {@code unet_svd.*} tensors. Reads the first bytes and, for
     * safetensors, the header only.
     */
    public static boolean isOfficial(Path file) throws IOException {
        if (TorchCheckpoint.looksLikeCheckpoint(file)) {
            return true;
        }
        JsonNode header = safetensorsHeader(file);
        if (header == null) {
            return false;
        }
        for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith(OfficialLayout.SVD)) {
                return true;
            }
        }
        return false;
    }

    /** The net of a weights file, whatever model it was exported for. */
    public static OfficialNpnet load(Path file, NDManager manager) throws IOException {
        return OfficialNpnet.of(tensors(file, manager), manager, file.toString());
    }

    /**
     * The net of a weights file, refused with both shapes named when it was exported for another latent or text
     * encoder than the model's: the released nets are for a 4×128×128 latent and 77 tokens of 2048 (SDXL) or 1024
     * (Hunyuan-DiT).
     */
    public static OfficialNpnet load(Path file, long[] latent, int tokens, int textWidth, NDManager manager) throws IOException {
        OfficialNpnet net = load(file, manager);
        OfficialNpnetConfig c = net.config();
        int r = c.resolution();
        boolean fits = latent.length == 3 && latent[0] == OfficialNpnetConfig.CHANNELS && latent[1] == r && latent[2] == r
                && (long) tokens * textWidth == c.textFeatures();
        if (!fits) {
            net.close();
            throw new IllegalArgumentException("the official NPNet " + file + " is for " + c.describe() + ", but this model has"
                    + " latent " + latent[0] + "×" + latent[1] + "×" + latent[2] + " and text " + tokens + "×" + textWidth
                    + "; use the NPNet released for this model (sdxl.pth for SDXL and DreamShaper, dit.pth for Hunyuan-DiT)");
        }
        return net;
    }

    private static Map<String, TorchTensor> tensors(Path file, NDManager manager) throws IOException {
        if (TorchCheckpoint.looksLikeCheckpoint(file)) {
            return TorchCheckpoint.read(file);
        }
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        try (NDManager scratch = manager.newSubManager()) {
            for (Map.Entry<String, NDArray> e : Safetensors.read(file, scratch).tensors().entrySet()) {
                NDArray a = e.getValue();
                out.put(e.getKey(), new TorchTensor(TorchDtype.FLOAT32, a.getShape().getShape(), a.toFloatArray(), null));
            }
        }
        return out;
    }

    /** A safetensors file's JSON header, or null when the file does not start like one. */
    private static JsonNode safetensorsHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] len = in.readNBytes(8);
            if (len.length < 8) {
                return null;
            }
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n <= 0 || n > MAX_HEADER || n > Files.size(file) - 8) {
                return null;
            }
            byte[] header = in.readNBytes((int) n);
            if (header.length == 0 || header[0] != '{') {
                return null;
            }
            return JSON.readTree(header);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
