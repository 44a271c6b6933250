package dev.goldennoise.spark;

import dev.goldennoise.cli.CollectCommand;
import dev.goldennoise.cli.CollectJob;
import dev.goldennoise.cli.EvaluateCommand;
import dev.goldennoise.cli.EvaluateJob;
import dev.goldennoise.cli.Main;
import dev.goldennoise.cli.UserError;
import dev.goldennoise.model.onnx.OnnxOutOfMemory;
import dev.goldennoise.util.QuietNative;
import dev.goldennoise.world.PromptException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The Spark jobs' entry point, for spark-submit ({@code --class dev.goldennoise.spark.SparkMain}) and the
 * {@code ./goldennoise-spark} launcher: {@code collect} or {@code evaluate}, then the CLI command's options, plus
 * {@code --master}. Exit codes are the CLI's: 0 done, 2 bad input (one line naming the problem), 1 a bug.
 */
public final class SparkMain {
    private static final String USAGE = "usage: goldennoise-spark collect|evaluate [--master URL] [the command's options];"
            + " see docs/SPARK.md";

    private SparkMain() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a job and returns its exit code; tests call this in-process. */
    public static int run(List<String> args, PrintWriter out, PrintWriter err) {
        if (args.isEmpty() || !List.of("collect", "evaluate").contains(args.get(0))) {
            err.println(args.isEmpty() || args.get(0).startsWith("-") ? USAGE : "error: unknown job '" + args.get(0) + "'; " + USAGE);
            return 2;
        }
        boolean collect = args.get(0).equals("collect");
        try {
            SparkArgs a = SparkArgs.parse(args.subList(1, args.size()));
            if (a.help()) {
                out.println("goldennoise-spark " + args.get(0) + ": the CLI's options, with --out a path or URI (hdfs://, s3a://),"
                        + " plus --master URL (default: spark-submit's); see docs/SPARK.md");
                new CommandLine(collect ? new CollectCommand() : new EvaluateCommand()).usage(out);
                return 0;
            }
            // every check that needs no cluster comes before one is asked for
            CollectJob collectJob = collect ? SparkCollect.check(a) : null;
            EvaluateJob evaluateJob = collect ? null : SparkEvaluate.check(a);
            QuietNative.startEngine();
            SparkConf conf = new SparkConf().setAppName("goldennoise " + args.get(0));
            if (a.master() != null) {
                conf.setMaster(a.master());
            } else if (!conf.contains("spark.master")) {
                throw new UserError("no Spark master: give --master, e.g. --master local[2] on one machine, or start the job"
                        + " with spark-submit --master URL");
            }
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                return collect ? SparkCollect.run(sc, a, collectJob, out) : SparkEvaluate.run(sc, a, evaluateJob, out);
            }
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage() + " (see goldennoise-spark " + args.get(0) + " --help)");
            return 2;
        } catch (Exception e) {
            Throwable cause = rootOfTaskFailure(e);
            if (isUserError(cause)) {
                err.println("error: " + firstLine(cause));
                return 2;
            }
            if (System.getenv("GOLDENNOISE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.println("error: unexpected " + cause.getClass().getSimpleName() + ": " + firstLine(cause)
                    + " (a bug; rerun with GOLDENNOISE_DEBUG=1 for the stack trace and report it)");
            return 1;
        }
    }

    /** A task's own exception, which Spark wraps in its job failure: that is what names the problem. */
    private static Throwable rootOfTaskFailure(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t instanceof org.apache.spark.SparkException) {
            t = t.getCause();
        }
        return t;
    }

    /** The CLI's rule ({@link Main}): bad input and files are the user's to fix, anything else is a bug. */
    private static boolean isUserError(Throwable e) {
        return e instanceof UserError || e instanceof PromptException || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof UncheckedIOException || e instanceof OnnxOutOfMemory;
    }

    private static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
