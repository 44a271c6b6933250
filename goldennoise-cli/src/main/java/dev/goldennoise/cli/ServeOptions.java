package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.score.CheckerScorer;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.serve.PromptCheck;
import dev.goldennoise.serve.ServeSettings;
import dev.goldennoise.serve.ServedModel;
import dev.goldennoise.util.Provenance;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code serve} and {@code serve-bench} share: the model, the experiment, batching and the request limits. */
final class ServeOptions {
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;

    @Option(names = "--noise", paramLabel = "NAME", defaultValue = "npnet", description = "The golden arm's noise strategy"
            + " (default: ${DEFAULT-VALUE}); the control arm has standard noise.")
    String noise;

    @Option(names = "--control", paramLabel = "P", defaultValue = "0.1", description = "Share of requests assigned to the"
            + " control arm, standard noise (default: ${DEFAULT-VALUE}).")
    double control;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Experiment seed: arms, seeds not given"
            + " and comparison orders are hashes of the request id with it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scorer-dir", paramLabel = "DIR", description = "Folder of the preference scorer both arms are"
            + " scored by (default: models/scorer in the goldennoise folder; without one only the checker scores).")
    Path scorerDir;

    @Option(names = "--batch-window", paramLabel = "MS", defaultValue = "20", description = "How long the first request of"
            + " a denoiser batch waits for others, in milliseconds, or 1%% of the last batch's time when longer (default: ${DEFAULT-VALUE}); --batch is the most per batch.")
    long window;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "1024", description = "Requests that may wait; more are"
            + " answered 503 (default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "65536", description = "Largest request body"
            + " (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "100", description = "Most DDIM steps a request may ask"
            + " for (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--max-cfg", paramLabel = "W", defaultValue = "30", description = "Largest guidance scale a request may"
            + " ask for (default: ${DEFAULT-VALUE}).")
    double maxCfg;

    @Option(names = "--stats-window", paramLabel = "N", defaultValue = "200", description = "Recent images per arm, and"
            + " votes, behind the rolling win rates (default: ${DEFAULT-VALUE}).")
    int statsWindow;

    @Option(names = "--alert-below", paramLabel = "R", defaultValue = "0.5", description = "The drift alarm goes on when a"
            + " rolling golden-vs-control win rate falls below R (default: ${DEFAULT-VALUE}) ...")
    double alertBelow;

    @Option(names = "--alert-min-sample", paramLabel = "N", defaultValue = "50", description = "... over at least N control"
            + " images or votes (default: ${DEFAULT-VALUE}).")
    int alertMinSample;

    @Option(names = "--request-timeout", paramLabel = "S", defaultValue = "600", description = "Seconds a request may wait"
            + " for its images before it is answered 503 (default: ${DEFAULT-VALUE}).")
    long requestTimeout;

    @Option(names = "--drain", paramLabel = "S", defaultValue = "60", description = "Seconds a shutdown waits for requests"
            + " in flight (default: ${DEFAULT-VALUE}).")
    long drain;

    /** The settings, checked before the model is loaded; {@link #sizedFor} then gives the batch the loaded model gets. */
    ServeSettings settings(String host, int port, String token) {
        try {
            return new ServeSettings(host, port, token, sampling.steps, sampling.cfg, maxSteps, maxCfg, 500, window,
                    sampling.batch != null ? sampling.batch : 1, maxQueue, maxBody, requestTimeout * 1000, drain * 1000, control, seed, statsWindow,
                    alertBelow, alertMinSample);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The settings with the batch for the loaded model: --batch, or its default (an export's follows its latent size). */
    ServeSettings sizedFor(ServeSettings settings, LoadedModel m) {
        return settings.withBatching(settings.windowMillis(), sampling.batch(model, m.model()));
    }

    /** The loaded model with the golden strategy, the scorers and the prompt rules that go with it. */
    ServedModel served(LoadedModel m, NDManager root) throws IOException {
        PromptCheck prompts = model.isExport() ? PromptCheck.freeText() : PromptCheck.shapesGrammar();
        var rules = policy.policy();
        NoiseStrategy golden;
        try {
            golden = NoiseStrategies.byName(noise, sampling.strategyContext(root, scorerDir));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
        List<Scorer> scorers = new ArrayList<>();
        if (!model.isExport()) {
            scorers.add(CheckerScorer.correct());
        }
        Path dir = scorerDir != null ? scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR);
        Path preference = dir.resolve(Scorers.PREFERENCE + ".safetensors");
        if (Files.isRegularFile(preference)) {
            scorers.add(Scorers.learned(Scorers.PREFERENCE, preference, root));
        }
        return new ServedModel(m.model(), model.name(), model.digest(), golden, LabelledStrategy.noiseDigest(golden),
                scorers, prompts, rules, Provenance.commit());
    }
}
