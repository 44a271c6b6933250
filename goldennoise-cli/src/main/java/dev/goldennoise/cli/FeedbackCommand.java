package dev.goldennoise.cli;

import dev.goldennoise.serve.FeedbackExport;
import dev.goldennoise.serve.ServeDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "What serve's users said, for the next NPNet (see docs/SERVE.md).",
        subcommands = {FeedbackCommand.Export.class})
public final class FeedbackCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the votes on comparisons in serve's database as noise pairs (NPD shards): standard noise",
                    "as the source, golden noise as the target, the choice as the scores (golden picked 0 -> 1, control",
                    "picked 1 -> 0, same 0.5 -> 0.5), so that train-npnet --data OUT --init models/npnet/npnet.safetensors",
                    "fine-tunes on the pairs where people preferred golden noise."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "runs/serve", description = "serve's data folder (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the shards.")
        Path out;

        @Option(names = "--shard-size", paramLabel = "N", defaultValue = "1024", description = "Pairs per shard (default: ${DEFAULT-VALUE}).")
        int shardSize;

        @Option(names = "--force", description = "Replace shards an earlier export left in --out.")
        boolean force;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (shardSize < 1) {
                throw new UserError("--shard-size must be at least 1, got " + shardSize);
            }
            if (!Files.isRegularFile(data.resolve(ServeDatabase.FILE))) {
                throw new UserError("no " + ServeDatabase.FILE + " in --data " + data + "; point it at the folder serve --data wrote");
            }
            OutputFolder.prepare(out);
            clearEarlierShards();
            PrintWriter w = spec.commandLine().getOut();
            try (ServeDatabase db = ServeDatabase.open(data)) {
                FeedbackExport.Summary s = FeedbackExport.export(db, out, shardSize);
                if (s.pairs() == 0) {
                    throw new UserError("no votes on comparisons in " + data + " yet (" + s.leftOut()
                            + " votes on single images, which are not pairs); nothing written");
                }
                w.printf("wrote %d pairs in %d shards to %s (votes: %s); %d votes on single images are not pairs and were"
                        + " left out%n", s.pairs(), s.shards(), out, s.choices(), s.leftOut());
            }
            w.flush();
            return 0;
        }

        /** An earlier export of fewer votes would leave shards that no longer match; only --force removes them. */
        private void clearEarlierShards() throws IOException {
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(out, "shard-*.{npz,jsonl}")) {
                for (Path p : shards) {
                    if (!force) {
                        throw new UserError(out + " already holds shards (" + p.getFileName() + "); pass --force to"
                                + " replace them, or choose another --out");
                    }
                    Files.delete(p);
                }
            }
        }
    }
}
