package dev.goldennoise.cli;

import dev.goldennoise.world.PromptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;

@Command(name = "goldennoise", mixinStandardHelpOptions = true, version = "goldennoise 0.1.0",
        description = "Golden noise for text-to-image diffusion models.",
        subcommands = {DemoCommand.class, GenerateCommand.class, CheckCommand.class, EvaluateCommand.class, TrainBaseCommand.class, TrainScorerCommand.class, CollectCommand.class, TrainNpnetCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    static {
        EngineSettings.configure();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call execute on it to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (isUserError(e)) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see " + e.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        return cl;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof UserError || e instanceof PromptException || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof UncheckedIOException;
    }
}
