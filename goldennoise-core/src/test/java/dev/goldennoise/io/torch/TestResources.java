package dev.goldennoise.io.torch;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test data files as paths: the readers under test take files, not streams. */
public final class TestResources {
    private TestResources() {}

    /** {@code name} next to {@code owner}'s package in the test resources. */
    public static Path path(Class<?> owner, String name) {
        URL url = owner.getResource(name);
        if (url == null) {
            throw new IllegalStateException("no test resource " + name + " beside " + owner.getName());
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
