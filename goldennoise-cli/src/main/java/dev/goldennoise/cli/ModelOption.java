package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import picocli.CommandLine.Option;

import dev.goldennoise.io.FileDigest;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.model.onnx.ExportDigest;
import dev.goldennoise.model.onnx.OnnxModel;
import dev.goldennoise.model.onnx.OrtSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --model} option shared by every command that runs a model. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "PATH",
            description = "Weights of the built-in model (default: models/builtin/base.safetensors in the goldennoise folder), or a folder of a Stable Diffusion 1.x/2.x or SDXL ONNX export (optimum-cli export onnx).")
    Path model;

    @Option(names = "--device", paramLabel = "NAME", defaultValue = "cpu",
            description = "For ONNX exports: cpu, or cuda (needs the onnx-gpu build); the built-in model refuses anything but cpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--ort-optimization", paramLabel = "LEVEL", defaultValue = "all", description = "For ONNX exports: ONNX"
            + " Runtime's graph optimisation level, none, basic, extended or all; a graph that fails to load at all is retried"
            + " at basic with a warning (a fusion bug has been reported for fully float16 exports at opset 14)"
            + " (default: ${DEFAULT-VALUE}).")
    String ortOptimization;

    @Option(names = "--ort-threads", paramLabel = "N", defaultValue = "0", description = "For ONNX exports: CPU threads one"
            + " ONNX Runtime operator may use, 0 for ONNX Runtime's choice (one per physical core) (default: ${DEFAULT-VALUE}).")
    int ortThreads;

    /** ONNX Runtime's settings for an export, from --device, --ort-optimization and --ort-threads. */
    public OrtSettings ortSettings() {
        if (ortThreads < 0) {
            throw new UserError("--ort-threads must be 0 (ONNX Runtime's choice) or more, got " + ortThreads);
        }
        try {
            return new OrtSettings(device, ortOptimization, ortThreads);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    public Path path() {
        return model != null ? model : Home.dir().resolve(BuiltinModelFiles.DEFAULT_DIR).resolve(BuiltinModelFiles.WEIGHTS);
    }

    /** Whether --model names an exported folder rather than built-in weights. */
    public boolean isExport() {
        return Files.isDirectory(path());
    }

    /** The built-in model or an ONNX export, whichever --model names. */
    public LoadedModel open(NDManager manager) {
        Path p = path();
        if (Files.isDirectory(p)) {
            try {
                OnnxModel onnx = OnnxModel.load(p, ortSettings());
                return new LoadedModel(onnx.model(), onnx);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        BuiltinModel m = load(manager);
        return new LoadedModel(m.asDiffusionModel(), m);
    }

    /** The content hash that identifies the model in settings files: the weights file, or every file of an export. */
    public String digest() throws IOException {
        Path p = path();
        return Files.isDirectory(p) ? ExportDigest.of(p) : FileDigest.sha256(p);
    }

    /** The model as people name it: the weights file without its extension, or the export's folder. */
    public String name() {
        String file = path().toAbsolutePath().normalize().getFileName().toString();
        int dot = file.lastIndexOf('.');
        return Files.isDirectory(path()) || dot <= 0 ? file : file.substring(0, dot);
    }

    /**
     * What every image this model makes with these settings carries in its PNG: model, digest, sampler, commit.
     * The digest is the caller's {@link #digest()}, which reads every byte of the weights: worth doing once.
     */
    public ImageProvenance imageProvenance(String digest, String sampler, int steps, double cfg) {
        return imageProvenance(digest, sampler, steps, cfg, Provenance.commit());
    }

    /** @param commit the code's commit as the process that plans the run sees it (a Spark executor has no checkout) */
    public ImageProvenance imageProvenance(String digest, String sampler, int steps, double cfg, String commit) {
        return new ImageProvenance(name(), digest, steps, cfg, commit).withSampler(sampler);
    }

    public BuiltinModel load(NDManager manager) {
        if (!ortOptimization.equals("all") || ortThreads != 0) {
            throw new UserError((ortThreads != 0 ? "--ort-threads" : "--ort-optimization")
                    + " applies to ONNX exports only; the built-in model does not run on ONNX Runtime");
        }
        if (!device.equals("cpu")) {
            // the built-in model runs where the engine's build puts it; ignoring the option would let a user believe the
            // numbers they measure are a GPU's
            throw new UserError("--device " + device + " applies to ONNX exports only; the built-in model runs on the engine's"
                    + " default device (the CPU unless built with mvn -Pgpu, docs/GPU.md); leave --device out");
        }
        try {
            return BuiltinModelFiles.load(path(), manager);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
