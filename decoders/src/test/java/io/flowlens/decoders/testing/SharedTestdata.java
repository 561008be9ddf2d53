package io.flowlens.decoders.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates {@code ../shared/testdata} (real devices' and exporters' captures), which CI always has
 * beside the checkout. The build passes its path as the system property {@code flowlens.testdata}.
 * Tests over it use {@code Assumptions.assumeTrue(SharedTestdata.dir().isPresent(), SharedTestdata.MISSING)}
 * so that, where it is absent, they report that they did not run instead of passing silently.
 */
public final class SharedTestdata {
  public static final String MISSING =
      "../shared/testdata is not beside this checkout: the tests over real captures did not run";

  private SharedTestdata() {}

  public static Optional<Path> dir() {
    String configured = System.getProperty("flowlens.testdata");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "testdata");
    dir = dir.toAbsolutePath().normalize();
    return Files.isDirectory(dir.resolve("captures")) ? Optional.of(dir) : Optional.empty();
  }

  /** The shared capture directory; fails the calling test's assumption when it is absent. */
  public static Path captures() {
    org.junit.jupiter.api.Assumptions.assumeTrue(dir().isPresent(), MISSING);
    return dir().orElseThrow().resolve("captures");
  }
}
