package io.flowlens.configuration;

import java.util.regex.Pattern;

/**
 * {@code metrics:} — the prefix of every metric name: {@code <namespace>_<name>}, or
 * {@code <namespace>_<subsystem>_<name>} when a subsystem is set.
 */
public final class MetricsConfig implements Validated {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private String namespace = "flow";
  private String subsystem = "";

  public String namespace() {
    return namespace;
  }

  public String subsystem() {
    return subsystem;
  }

  /** The full name of a metric: {@code name("bytes_total")} is {@code flow_bytes_total} by default. */
  public String name(String suffix) {
    return subsystem.isEmpty() ? namespace + "_" + suffix : namespace + "_" + subsystem + "_" + suffix;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(namespace != null && NAME.matcher(namespace).matches(), ConfigProblems.child(path, "namespace"),
        "must be a Prometheus name: letters, digits and _, not starting with a digit");
    problems.check(subsystem != null && (subsystem.isEmpty() || NAME.matcher(subsystem).matches()),
        ConfigProblems.child(path, "subsystem"), "must be empty or a Prometheus name: letters, digits and _");
  }
}
