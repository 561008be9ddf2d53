package io.flowlens.configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one configuration while it is validated, so that the user sees all of
 * them at once. Paths are built with {@link #child(String, String)} and {@link #index(String, int)}.
 */
public final class ConfigProblems {
  private final List<ConfigProblem> problems = new ArrayList<>();

  /** Adds a problem; a key that already has one keeps the first (the more specific, from parsing). */
  public void add(String path, String message) {
    if (problems.stream().noneMatch(p -> p.path().equals(path))) {
      problems.add(new ConfigProblem(path, message));
    }
  }

  /** Adds {@code message} at {@code path} unless {@code ok}. */
  public void check(boolean ok, String path, String message) {
    if (!ok) {
      add(path, message);
    }
  }

  /** Validates a nested section, if present. */
  public void validate(Validated section, String path) {
    if (section == null) {
      add(path, "must not be empty");
    } else {
      section.validate(path, this);
    }
  }

  public List<ConfigProblem> list() {
    return List.copyOf(problems);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** {@code parent.key}, or {@code key} at the top. */
  public static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** {@code list[index]}. */
  public static String index(String list, int index) {
    return list + "[" + index + "]";
  }
}
