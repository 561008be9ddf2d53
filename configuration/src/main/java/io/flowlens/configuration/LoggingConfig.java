package io.flowlens.configuration;

/** {@code logging:} — how much the process logs, and in which format. */
public final class LoggingConfig implements Validated {
  /** Log levels, least to most severe. */
  public enum Level { DEBUG, INFO, WARN, ERROR }

  /** {@code text}: one human-readable line per event; {@code json}: one JSON object per line. */
  public enum Format { TEXT, JSON }

  private Level level = Level.INFO;
  private Format format = Format.TEXT;

  public Level level() {
    return level;
  }

  public Format format() {
    return format;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(level != null, ConfigProblems.child(path, "level"), "must be one of debug, info, warn, error");
    problems.check(format != null, ConfigProblems.child(path, "format"), "must be text or json");
  }
}
