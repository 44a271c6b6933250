package dev.goldennoise.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an artefact came from, in the spirit of Tribuo's provenance: the commit, whether the tree had local
 * changes, the machine and the time. Cards and reports embed it.
 */
public final class Provenance {
    private Provenance() {}

    public static Map<String, Object> now() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("commit", commit());
        String status = git("status", "--porcelain", "--untracked-files=no");
        p.put("tree_modified", status != null && !status.isBlank());
        p.put("created", Instant.now().toString());
        p.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        return p;
    }

    /** The commit of the working folder's checkout, or null outside a git checkout (or without git). */
    public static String commit() {
        return git("rev-parse", "HEAD");
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return proc.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
