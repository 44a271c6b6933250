package dev.goldennoise.spark;

import dev.goldennoise.cli.CollectCommand;
import dev.goldennoise.cli.EvaluateCommand;
import dev.goldennoise.cli.Main;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the CLI and the Spark jobs in this JVM, and compares the folders they write. */
final class Runs {
    record Run(int code, String out, String err) {}

    private Runs() {}

    /**
     * The CLI's command run as {@code ./goldennoise} runs it (its converters and error handling); built alone, not
     * through {@link Main#commandLine()}, whose service command needs the server jars this module leaves out.
     */
    static Run cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Object command = args.get(0).equals("collect") ? new CollectCommand() : new EvaluateCommand();
        CommandLine cl = Main.configure(new CommandLine(command));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.subList(1, args.size()).toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static Run spark(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> with(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all;
    }

    /** Every file under {@code dir} by relative path, with its bytes. */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** The same file names, and in each the same bytes. */
    static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name + " differs"));
    }
}
