package io.flowlens.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.flowlens.configuration.LoggingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the {@code logging:} section when a command starts (until then the
 * {@code logback.xml} of the jar applies). flowlens logs at the configured level; the libraries that
 * chatter at INFO (Kafka, Jetty, Netty, Javalin) log warnings and errors only, unless the level is
 * {@code debug}.
 */
public final class LogSetup {
  /** Logger names of libraries that are noisy below WARN. */
  static final List<String> NOISY = List.of("org.apache.kafka", "kafka", "state.change.logger", "org.eclipse.jetty",
      "io.netty", "io.javalin", "org.apache.avro");

  private LogSetup() {}

  /** Logs to standard output. */
  public static void apply(LoggingConfig config) {
    apply(config, new StandardOutput());
  }

  /** Logs to {@code target} (which stays open when logging is reconfigured). */
  public static void apply(LoggingConfig config, OutputStream target) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    Encoder<ILoggingEvent> encoder = switch (config.format()) {
      case TEXT -> {
        TextLogLayout layout = new TextLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setLayout(layout);
        yield text;
      }
      case JSON -> new LogstashEncoder();
    };
    encoder.setContext(context);
    encoder.start();

    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setName("flowlens");
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(target);
    appender.start();

    Level level = Level.toLevel(config.level().name());
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
    context.getLogger("io.flowlens").setLevel(level);
    Level libraries = level == Level.DEBUG ? Level.DEBUG : (level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    NOISY.forEach(name -> context.getLogger(name).setLevel(libraries));
  }

  /**
   * Standard output that the appender may "close" when logging is reconfigured, without closing
   * {@code System.out} for the rest of the process.
   */
  private static final class StandardOutput extends OutputStream {
    @Override
    public void write(int b) {
      System.out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.out.write(b, off, len);
    }

    @Override
    public void flush() {
      System.out.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
