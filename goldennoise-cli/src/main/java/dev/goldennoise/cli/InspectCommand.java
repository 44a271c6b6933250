package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.io.PngText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Print what made a PNG: its prompt, seed, noise and settings.",
        description = {"Print the text chunks of PNG files: what made an image that generate, evaluate or demo wrote",
                "(goldennoise:prompt, goldennoise:seed, goldennoise:noise, ... and AUTOMATIC1111's parameters),",
                "as key: value lines (continuation lines of a value indented), or one JSON object per file."})
public final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG files.")
    List<Path> images;

    @Option(names = "--json", description = "One JSON object per file: {\"file\": ..., \"text\": {key: value, ...}}.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // every file is read before anything is printed, so a bad one stops the command with no partial output
        List<Map<String, String>> texts = new ArrayList<>();
        for (Path image : images) {
            texts.add(read(image));
        }
        PrintWriter w = spec.commandLine().getOut();
        for (int i = 0; i < images.size(); i++) {
            Path image = images.get(i);
            Map<String, String> text = texts.get(i);
            if (json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("file", image.toString());
                line.put("text", text);
                w.println(toJson(line));
                continue;
            }
            if (images.size() > 1) {
                w.println("==> " + image + " <==");
            }
            if (text.keySet().stream().noneMatch(k -> k.startsWith(ImageProvenance.PREFIX))) {
                w.println(image + ": no goldennoise text chunks (an image from before provenance was written, or from"
                        + " another program)");
            }
            text.forEach((key, value) -> w.println(key + ": " + value.replace("\n", "\n  ")));
        }
        w.flush();
        return 0;
    }

    private static Map<String, String> read(Path image) {
        try {
            return PngText.read(image);
        } catch (NoSuchFileException e) {
            throw new UserError("inspect: " + image + " not found");
        } catch (IOException e) {
            throw new UserError("inspect: " + e.getMessage() + "; give PNG files");
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("maps of strings always serialise", e);
        }
    }
}
