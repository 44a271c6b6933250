package dev.goldennoise.cli;

import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM running goldennoise with this test JVM's classpath, DJL settings and home. */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx2g");
        for (String prop : List.of("ai.djl.offline", "DJL_CACHE_DIR", "goldennoise.home")) {
            if (System.getProperty(prop) != null) {
                cmd.add("-D" + prop + "=" + System.getProperty(prop));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }
}
