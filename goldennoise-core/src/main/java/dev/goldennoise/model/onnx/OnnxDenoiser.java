package dev.goldennoise.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.goldennoise.diffusion.Denoiser;
import dev.goldennoise.diffusion.NoiseSchedule;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.tensor.Scalars;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * An exported UNet ({@code sample}, {@code timestep}, {@code encoder_hidden_states} → {@code out_sample}) as an
 * ε-predictor, in float32 or float16 as the export declares. A v-prediction UNet's output is turned into ε with
 * ε = √ᾱ_t·v + √(1−ᾱ_t)·x_t, so the rest of goldennoise never sees the difference.
 */
final class OnnxDenoiser implements Denoiser {
    static final Set<String> INPUTS = Set.of("sample", "timestep", "encoder_hidden_states");
    static final Set<String> OUTPUTS = Set.of("out_sample");

    private final OnnxSession session;
    private final PredictionType prediction;
    private final NoiseSchedule schedule;
    /** SDXL's micro-conditioning (original size, crop, target size), or null for SD 1.x/2.x. */
    private final float[] timeIds;

    OnnxDenoiser(OnnxSession session, PredictionType prediction, NoiseSchedule schedule, float[] timeIds) {
        this.session = session;
        this.prediction = prediction;
        this.schedule = schedule;
        this.timeIds = timeIds;
    }

    private static float[] repeat(float[] row, int times) {
        float[] out = new float[row.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(row, 0, out, i * row.length, row.length);
        }
        return out;
    }

    @Override
    public NDArray predictNoise(NDArray xt, int timestep, PromptEmbedding embedding) {
        long[] shape = xt.getShape().getShape();
        long b = shape[0];
        long[] tShape = session.shape("timestep", true);
        // exports declare the timestep as a scalar, (1) or (batch)
        long tCount = tShape.length == 0 ? 1 : (tShape[0] == 1 ? 1 : b);
        float[] t = new float[(int) tCount];
        Arrays.fill(t, timestep);
        try (OnnxTensor sample = OnnxTensors.of(xt.toFloatArray(), shape, session.type("sample"));
             OnnxTensor time = OnnxTensors.of(t, tShape.length == 0 ? new long[0] : new long[] {tCount}, session.type("timestep"));
             OnnxTensor text = OnnxTensors.of(embedding.tokens().toFloatArray(), embedding.tokens().getShape().getShape(),
                     session.type("encoder_hidden_states"));
             OnnxTensor pooled = timeIds == null ? null : OnnxTensors.of(embedding.pooled().toFloatArray(),
                     embedding.pooled().getShape().getShape(), session.type("text_embeds"));
             OnnxTensor ids = timeIds == null ? null : OnnxTensors.of(repeat(timeIds, (int) b), new long[] {b, timeIds.length}, session.type("time_ids"));
             OrtSession.Result out = session.run(timeIds == null
                     ? Map.of("sample", sample, "timestep", time, "encoder_hidden_states", text)
                     : Map.of("sample", sample, "timestep", time, "encoder_hidden_states", text, "text_embeds", pooled, "time_ids", ids),
                     java.util.Set.of(), b)) {
            NDArray pred = xt.getManager().create(OnnxTensors.floats((OnnxTensor) out.get("out_sample").orElseThrow()), xt.getShape());
            if (prediction == PredictionType.V_PREDICTION) {
                double a = schedule.alphaCumprod(timestep);
                return Scalars.times(pred, Math.sqrt(a)).add(Scalars.times(xt, Math.sqrt(1 - a)));
            }
            return pred;
        } catch (OrtException e) {
            throw new IllegalStateException(session.file() + ": " + e.getMessage(), e);
        }
    }
}
