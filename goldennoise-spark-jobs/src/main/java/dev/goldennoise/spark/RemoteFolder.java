package dev.goldennoise.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An output folder on any file system Hadoop reaches (a local path, HDFS, S3A), with the one way of writing the
 * jobs use: a file is copied whole under a temporary name beside its final one and renamed, so that a reader, a
 * resume or another attempt of the same task sees it complete or not at all. Names are relative, with '/'.
 */
final class RemoteFolder {
    /** What the temporary copies end with; {@link #deleteTemporaries} removes leftovers of attempts that died. */
    static final String TEMPORARY = ".spark-tmp";

    private final FileSystem fs;
    private final Path root;

    private RemoteFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** @param uri a path or URI (file:, hdfs:, s3a:); a path without a scheme is on the default file system */
    static RemoteFolder open(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        // the local file system Hadoop gives by default writes a .crc file beside every file; the raw one writes none
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRawFileSystem();
        }
        return new RemoteFolder(fs, fs.makeQualified(p));
    }

    /** The folder as a fully qualified URI, the same on every machine of the job. */
    String uri() {
        return root.toString();
    }

    /** The folder as a local path when it is on the local file system, which the report is written into directly. */
    java.nio.file.Path localPath() {
        return "file".equals(root.toUri().getScheme()) ? java.nio.file.Path.of(root.toUri()) : null;
    }

    private Path at(String name) {
        return name.isEmpty() ? root : new Path(root, name);
    }

    boolean exists(String name) throws IOException {
        return fs.exists(at(name));
    }

    void mkdirs(String name) throws IOException {
        fs.mkdirs(at(name));
    }

    /** The names of the plain files directly in a sub-folder; none when it does not exist. */
    List<String> files(String dir) throws IOException {
        return list(dir, false);
    }

    /** The names of the sub-folders directly in a sub-folder; none when it does not exist. */
    List<String> folders(String dir) throws IOException {
        return list(dir, true);
    }

    private List<String> list(String dir, boolean folders) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            for (FileStatus s : fs.listStatus(at(dir))) {
                if (s.isDirectory() == folders) {
                    out.add(s.getPath().getName());
                }
            }
        } catch (FileNotFoundException e) {
            // no folder, nothing in it
        }
        out.sort(null);
        return out;
    }

    void download(String name, java.nio.file.Path local) throws IOException {
        Files.createDirectories(local.toAbsolutePath().getParent());
        try (InputStream in = fs.open(at(name))) {
            Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Copies a local file to {@code name} under a temporary name and renames it into place. With {@code replace}
     * false an existing file is kept (another attempt of the same task wrote the same bytes); with it true the new
     * copy replaces it (an index rewritten whole).
     */
    void publish(java.nio.file.Path local, String name, boolean replace) throws IOException {
        Path target = at(name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + TEMPORARY);
        try {
            try (OutputStream out = fs.create(tmp, false)) {
                Files.copy(local, out);
            }
            if (!fs.rename(tmp, target)) {
                // HDFS and S3A refuse to rename onto an existing file (the local file system replaces it)
                if (!fs.exists(target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
                if (replace) {
                    fs.delete(target, false);
                    if (!fs.rename(tmp, target)) {
                        throw new IOException("cannot rename " + tmp + " to " + target);
                    }
                }
            }
        } finally {
            fs.delete(tmp, false);
        }
    }

    /** Writes a partial temporary copy and stops, as an attempt killed mid-copy would; for the retry test only. */
    void abandonPartialCopy(java.nio.file.Path local, String name) throws IOException {
        Path target = at(name);
        byte[] bytes = Files.readAllBytes(local);
        try (OutputStream out = fs.create(new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + TEMPORARY))) {
            out.write(bytes, 0, bytes.length / 2);
        }
    }

    /** Removes the temporary copies that attempts which died left in a sub-folder; returns how many. */
    int deleteTemporaries(String dir) throws IOException {
        int n = 0;
        for (String f : files(dir)) {
            if (f.startsWith(".") && f.endsWith(TEMPORARY)) {
                fs.delete(at(dir.isEmpty() ? f : dir + "/" + f), false);
                n++;
            }
        }
        return n;
    }
}
