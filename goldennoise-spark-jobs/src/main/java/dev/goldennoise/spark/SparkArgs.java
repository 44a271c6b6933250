package dev.goldennoise.spark;

import dev.goldennoise.cli.UserError;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's command line: the options only the Spark jobs have ({@code --master}), {@code --out}, which may be a URI
 * (hdfs://, s3a://) rather than a local path, and the rest, which are the CLI command's own options.
 *
 * @param master the Spark master, or null for spark-submit's (or the spark.master property)
 * @param out    the output folder as given, or null for the CLI command's default
 */
record SparkArgs(String master, String out, List<String> cli, boolean help) {
    /** Why an export needs --batch on Spark. */
    static final String EXPORT_NEEDS_BATCH = "give --batch for an export on Spark: its default depends on the memory of the"
            + " machine that loads it, and every executor must make the same batches (1 on a GPU is safe)";

    /** The output folder, created: --out, or the CLI command's default. */
    RemoteFolder output(java.nio.file.Path cliDefault, Configuration conf) throws IOException {
        RemoteFolder folder = RemoteFolder.open(out != null ? out : cliDefault.toString(), conf);
        folder.mkdirs("");
        return folder;
    }

    static SparkArgs parse(List<String> args) {
        String master = null;
        String out = null;
        boolean help = false;
        List<String> cli = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--master") || a.equals("--out")) {
                if (i + 1 >= args.size()) {
                    throw new UserError(a + " needs a value, e.g. " + (a.equals("--master") ? "--master local[2]" : "--out hdfs:///npd"));
                }
                String v = args.get(++i);
                if (a.equals("--master")) {
                    master = v;
                } else {
                    out = v;
                }
            } else if (a.startsWith("--master=")) {
                master = a.substring("--master=".length());
            } else if (a.startsWith("--out=")) {
                out = a.substring("--out=".length());
            } else {
                help |= a.equals("--help") || a.equals("-h");
                cli.add(a);
            }
        }
        return new SparkArgs(master, out, List.copyOf(cli), help);
    }
}
