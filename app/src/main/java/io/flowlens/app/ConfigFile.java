package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import java.nio.file.Path;

/** How every command finds and loads its configuration file. */
final class ConfigFile {
  /** Set by the {@code ./flowlens} script to the repository root, where {@code config/} is. */
  static final String HOME_VARIABLE = "FLOWLENS_HOME";

  private ConfigFile() {}

  /** Loads and validates a file, substituting {@code ${VAR:-default}} from the process environment. */
  static FlowlensConfig load(Path file) throws ConfigException {
    return ConfigLoader.fromSystemEnvironment().load(file, FlowlensConfig.class);
  }

  /** {@code config/<name>} of the installation (relative to the working directory when not run by the script). */
  static Path bundled(String name) {
    String home = System.getenv(HOME_VARIABLE);
    Path config = Path.of("config", name);
    return home == null || home.isEmpty() ? config : Path.of(home).resolve(config);
  }
}
