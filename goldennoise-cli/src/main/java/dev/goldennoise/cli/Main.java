package dev.goldennoise.cli;

import dev.goldennoise.model.onnx.OnnxOutOfMemory;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.QuietNative;
import dev.goldennoise.world.PromptException;
import dev.goldennoise.world.PromptParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;

@Command(name = "goldennoise", mixinStandardHelpOptions = true, version = "goldennoise 0.1.0",
        description = "Golden noise for text-to-image diffusion models.",
        subcommands = {DemoCommand.class, GenerateCommand.class, NoiseCommand.class, CheckCommand.class, EvaluateCommand.class, TrainBaseCommand.class, TrainScorerCommand.class, CollectCommand.class, CollectRanksCommand.class, TrainNpnetCommand.class, TrainRankerCommand.class, ScoreCommand.class, InspectCommand.class, CardCommand.class, ExplainCommand.class, BenchCommand.class, NpnetBenchCommand.class, ServeCommand.class, FeedbackCommand.class, ServeBenchCommand.class, CurveCommand.class})
public final class Main implements Runnable {
    static {
        EngineSettings.configure();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code;
        try {
            if (needsEngine(args)) {
                QuietNative.startEngine();
            }
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: out of memory; give Java more with GOLDENNOISE_JAVA_OPTS=-Xmx16g, or ask for less"
                    + " at once (a smaller --batch, fewer seeds or prompts)");
            code = 2;
        }
        System.exit(code);
    }

    /** Commands that never touch the tensor engine, so start-up does not load libtorch for them. */
    private static final java.util.Set<String> ENGINE_FREE = java.util.Set.of("card", "inspect", "feedback", "curve");

    /** Whether the arguments run a command that uses the engine, rather than print help or a version. */
    static boolean needsEngine(String[] args) {
        if (args.length == 0 || ENGINE_FREE.contains(args[0])) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V") || a.equals("help")) {
                return false;
            }
        }
        return true;
    }

    /** The configured command line; tests call execute on it to run commands in-process. */
    public static CommandLine commandLine() {
        // long library jobs report to terminal bars on standard error
        Progress.install(new TerminalProgress());
        return configure(new CommandLine(new Main()));
    }

    /**
     * The converters and error handlers every goldennoise command line has; the Spark jobs parse the CLI's options
     * with them too, so that a bad value reads and exits the same there.
     */
    public static CommandLine configure(CommandLine cl) {
        // NaN, infinities and overflowing literals (1e400) parse as doubles but are never a valid setting
        cl.registerConverter(Double.class, Main::finiteDouble);
        cl.registerConverter(Double.TYPE, Main::finiteDouble);
        cl.registerConverter(Float.class, v -> (float) finiteFloat(v));
        cl.registerConverter(Float.TYPE, v -> (float) finiteFloat(v));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (isUserError(e)) {
                cmd.getErr().println("error: " + firstLine(e));
                return 2;
            }
            if (System.getenv("GOLDENNOISE_DEBUG") != null) {
                throw e;
            }
            // a bug, not bad input: one line and how to get the details, never a wall of stack frames
            cmd.getErr().println("error: unexpected " + e.getClass().getSimpleName() + ": " + firstLine(e)
                    + " (a bug; rerun with GOLDENNOISE_DEBUG=1 for the stack trace and report it)");
            return 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see " + e.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        return cl;
    }

    private static String firstLine(Exception e) {
        return PromptParser.printable(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }

    static double finiteDouble(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number");
        }
        return v;
    }

    private static double finiteFloat(String text) {
        double v = finiteDouble(text);
        if (!Float.isFinite((float) v)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too large");
        }
        return v;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof UserError || e instanceof PromptException || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof UncheckedIOException || e instanceof OnnxOutOfMemory;
    }
}
