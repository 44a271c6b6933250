package dev.goldennoise.spark;

import org.apache.spark.api.java.function.Function;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One part of an evaluation as one Spark task: a batch of items, the same batches the CLI makes, so that every
 * image and score comes out as the CLI's does. Its images are published under temporary names renamed when whole,
 * and an attempt that is retried makes the same images again.
 */
final class ItemsTask implements Function<Integer, ItemsPart> {
    private static final long serialVersionUID = 1L;

    private final List<String> cliArgs;
    private final String folder;
    private final HadoopConf conf;
    private final String modelDigest;
    private final String commit;
    private final List<String> folders;

    ItemsTask(List<String> cliArgs, String folder, HadoopConf conf, String modelDigest, String commit, List<String> folders) {
        this.cliArgs = List.copyOf(cliArgs);
        this.folder = folder;
        this.conf = conf;
        this.modelDigest = modelDigest;
        this.commit = commit;
        this.folders = List.copyOf(folders);
    }

    @Override
    public ItemsPart call(Integer part) throws Exception {
        EvaluateWorker worker = EvaluateWorker.get(cliArgs, modelDigest, commit, folders);
        Path scratch = Files.createTempDirectory("goldennoise-items-");
        try {
            return worker.run(RemoteFolder.open(folder, conf.get()), part, scratch);
        } finally {
            ShardTask.deleteTree(scratch);
        }
    }
}
