package dev.goldennoise.model.onnx;

import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.NoiseSchedule;
import dev.goldennoise.diffusion.TimestepSpacing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerConfigTest {
    /** stabilityai/stable-diffusion-xl-base-1.0, scheduler/scheduler_config.json (public values). */
    static final String SDXL = """
            {"_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.19.0.dev0", "beta_end": 0.012,
             "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false, "interpolation_type": "linear",
             "num_train_timesteps": 1000, "prediction_type": "epsilon", "sample_max_value": 1.0, "set_alpha_to_one": false,
             "skip_prk_steps": true, "steps_offset": 1, "timestep_spacing": "leading", "trained_betas": null,
             "use_karras_sigmas": false}
            """;
    /** runwayml/stable-diffusion-v1-5, scheduler/scheduler_config.json (public values). */
    static final String SD15 = """
            {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "num_train_timesteps": 1000, "set_alpha_to_one": false, "skip_prk_steps": true,
             "steps_offset": 1, "trained_betas": null, "clip_sample": false}
            """;

    private static SchedulerConfig write(Path dir, String json) throws IOException {
        Path f = dir.resolve("scheduler_config.json");
        Files.writeString(f, json);
        return SchedulerConfig.read(f);
    }

    @Test
    void realSdxlAndSd15ConfigsGiveStableDiffusionsScheduleWithLeadingSpacing(@TempDir Path dir) throws IOException {
        NoiseSchedule sd = NoiseSchedule.stableDiffusion();
        for (String json : new String[] {SDXL, SD15}) {
            SchedulerConfig c = write(dir, json);
            assertEquals(1000, c.trainSteps());
            assertEquals(TimestepSpacing.LEADING, c.spacing());
            assertEquals(1, c.stepsOffset());
            assertEquals(PredictionType.EPSILON, c.prediction());
            for (int t : new int[] {0, 500, 999}) {
                assertEquals(sd.alphaCumprod(t), c.schedule().alphaCumprod(t), 1e-12);
            }
            assertArrayEquals(DdimScheduler.standard(sd, 10).timesteps(), c.ddim(10).timesteps());
        }
        assertEquals("EulerDiscreteScheduler", write(dir, SDXL).className());
        assertEquals("PNDMScheduler", write(dir, SD15).className());
    }

    @Test
    void vPredictionAndTrailingSpacingAreRead(@TempDir Path dir) throws IOException {
        SchedulerConfig c = write(dir, SD15.replace("\"steps_offset\": 1", "\"steps_offset\": 0, \"prediction_type\": \"v_prediction\", \"timestep_spacing\": \"trailing\""));
        assertEquals(PredictionType.V_PREDICTION, c.prediction());
        assertEquals(999, c.ddim(10).timesteps()[0]);
    }

    @Test
    void unsupportedSettingsAreOneLineErrorsNamingTheFile(@TempDir Path dir) {
        for (String[] bad : new String[][] {
                {"\"beta_schedule\": \"scaled_linear\"", "\"beta_schedule\": \"squaredcos_cap_v2\"", "beta_schedule"},
                {"\"steps_offset\": 1", "\"steps_offset\": 1, \"prediction_type\": \"sample\"", "prediction_type"},
                {"\"steps_offset\": 1", "\"steps_offset\": 1, \"timestep_spacing\": \"uniform\"", "timestep_spacing"}}) {
            IOException e = assertThrows(IOException.class, () -> write(dir, SD15.replace(bad[0], bad[1])));
            assertTrue(e.getMessage().contains("scheduler_config.json") && e.getMessage().contains(bad[2]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        assertThrows(IOException.class, () -> SchedulerConfig.read(dir.resolve("missing.json")));
    }
}
