package io.flowlens.configuration;

/**
 * One thing wrong with a configuration file.
 *
 * @param path the YAML path of the key, e.g. {@code agent.listeners[0].port} ("" for the file itself)
 * @param message what is wrong and what would be right
 */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
