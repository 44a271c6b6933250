package dev.goldennoise.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.goldennoise.diffusion.Decoder;
import dev.goldennoise.tensor.Scalars;

import java.util.Map;
import java.util.Set;

/** An exported VAE decoder ({@code latent_sample} → {@code sample}); latents are divided by the scaling factor first. */
final class OnnxDecoder implements Decoder {
    static final Set<String> INPUTS = Set.of("latent_sample");
    static final Set<String> OUTPUTS = Set.of("sample");

    private final OnnxSession session;
    private final double scalingFactor;

    OnnxDecoder(OnnxSession session, double scalingFactor) {
        this.session = session;
        this.scalingFactor = scalingFactor;
    }

    @Override
    public NDArray decode(NDArray latents) {
        long[] shape = latents.getShape().getShape();
        try (OnnxTensor in = OnnxTensors.of(Scalars.over(latents, scalingFactor).toFloatArray(), shape, session.type("latent_sample"));
             OrtSession.Result out = session.run(Map.of("latent_sample", in), java.util.Set.of(), shape[0])) {
            OnnxTensor image = (OnnxTensor) out.get("sample").orElseThrow();
            long[] s = image.getInfo().getShape();
            return latents.getManager().create(OnnxTensors.floats(image), new Shape(s)).clip(-1, 1);
        } catch (OrtException e) {
            throw new IllegalStateException(session.file() + ": " + e.getMessage(), e);
        }
    }
}
