package dev.goldennoise.model.onnx;

import dev.goldennoise.io.JsonFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.SchedulerSettings;
import dev.goldennoise.diffusion.NoiseSchedule;
import dev.goldennoise.diffusion.TimestepSpacing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parts of a diffusers {@code scheduler/scheduler_config.json} that decide the noise schedule and the sampler's
 * timesteps. goldennoise samples with its own DDIM whatever {@code _class_name} says (Euler for SDXL, PNDM for
 * SD 1.5): the schedule, not the solver, is what the exported UNet was trained on. Defaults are diffusers' where
 * a key is absent.
 */
public record SchedulerConfig(String className, int trainSteps, double betaStart, double betaEnd, String betaSchedule,
                              TimestepSpacing spacing, int stepsOffset, PredictionType prediction, boolean setAlphaToOne) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static SchedulerConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file + "; an exported pipeline has scheduler/scheduler_config.json");
        }
        JsonNode n;
        n = JsonFiles.read(file);
        return parse(n, file.toString());
    }

    static SchedulerConfig parse(JsonNode n, String source) throws IOException {
        String schedule = n.path("beta_schedule").asText("linear");
        if (!schedule.equals("scaled_linear") && !schedule.equals("linear")) {
            throw new IOException(source + ": beta_schedule '" + schedule + "' is not supported; goldennoise supports scaled_linear and linear");
        }
        String spacingName = n.path("timestep_spacing").asText("leading");
        TimestepSpacing spacing;
        try {
            spacing = TimestepSpacing.parse(spacingName);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": timestep_spacing '" + spacingName + "' is not supported; goldennoise supports leading, trailing and linspace");
        }
        String pred = n.path("prediction_type").asText("epsilon");
        PredictionType type = switch (pred) {
            case "epsilon" -> PredictionType.EPSILON;
            case "v_prediction" -> PredictionType.V_PREDICTION;
            default -> throw new IOException(source + ": prediction_type '" + pred + "' is not supported; goldennoise supports epsilon and v_prediction");
        };
        if (n.has("trained_betas") && !n.get("trained_betas").isNull()) {
            throw new IOException(source + ": trained_betas are not supported; goldennoise needs beta_start, beta_end and beta_schedule");
        }
        return new SchedulerConfig(n.path("_class_name").asText("?"), n.path("num_train_timesteps").asInt(1000),
                n.path("beta_start").asDouble(0.0001), n.path("beta_end").asDouble(0.02), schedule, spacing,
                n.path("steps_offset").asInt(0), type, n.path("set_alpha_to_one").asBoolean(false));
    }

    public NoiseSchedule schedule() {
        return betaSchedule.equals("scaled_linear") ? NoiseSchedule.scaledLinear(trainSteps, betaStart, betaEnd)
                : NoiseSchedule.linear(trainSteps, betaStart, betaEnd);
    }

    /** What the model's samplers read: the schedule, spacing, offset and final alpha of this config. */
    public SchedulerSettings settings() {
        return new SchedulerSettings(schedule(), spacing, stepsOffset, setAlphaToOne);
    }

    /** goldennoise's DDIM sampler with this export's timestep spacing and offset. */
    public DdimScheduler ddim(int steps) {
        return settings().ddim(steps);
    }
}
