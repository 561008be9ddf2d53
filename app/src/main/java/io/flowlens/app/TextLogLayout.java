package io.flowlens.app;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.KeyValuePair;

/**
 * The {@code text} log format: one line per event that a person reads, with the SLF4J key-value
 * pairs appended as {@code key=value} (quoted when the value has spaces), so that the same fields the
 * JSON format carries are visible and greppable:
 *
 * <pre>2025-01-31T10:15:30.123+01:00 INFO  [main] i.f.app.AllInOne - started http_port=8080</pre>
 */
public final class TextLogLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

  private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(36);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
    line.append('[').append(event.getThreadName()).append("] ");
    line.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ");
    line.append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        line.append(' ').append(pair.key).append('=');
        appendValue(line, String.valueOf(pair.value));
      }
    }
    line.append(CoreConstants.LINE_SEPARATOR);
    if (event.getThrowableProxy() != null) {
      line.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    return line.toString();
  }

  private static void appendValue(StringBuilder line, String value) {
    boolean quote = value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=');
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> line.append(c);
      }
    }
    line.append('"');
  }
}
