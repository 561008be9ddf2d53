package io.flowlens.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one process, wired by hand: each is started in the order it is added and all
 * are closed in the reverse order, so that a component never outlives what it uses (the embedded
 * broker, added first, stops last). A start that fails closes what was already started, the failing
 * component included, and rethrows: a process either starts whole or leaves nothing running.
 */
public final class Components implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Components.class);

  /** How a component is started. */
  @FunctionalInterface
  public interface Start<T> {
    void start(T component) throws Exception;
  }

  private final Deque<Named> started = new ArrayDeque<>();
  private boolean closed;

  /** Starts {@code component} and takes charge of closing it; returns it for wiring. */
  public synchronized <T extends AutoCloseable> T start(String name, T component, Start<? super T> start) {
    if (closed) {
      throw new IllegalStateException("the process is stopping; cannot start " + name);
    }
    started.push(new Named(name, component));
    try {
      start.start(component);
    } catch (Exception e) {
      LOG.atError().setMessage("cannot start component, stopping what started").addKeyValue("component", name)
          .setCause(e).log();
      close();
      throw new StartException(name, e);
    }
    LOG.atDebug().setMessage("component started").addKeyValue("component", name).log();
    return component;
  }

  /** Takes charge of closing a component that needs no start (or that was started already). */
  public <T extends AutoCloseable> T add(String name, T component) {
    return start(name, component, c -> { });
  }

  /** Closes every component, last started first; a component that fails to close does not stop the others. */
  @Override
  public synchronized void close() {
    closed = true;
    while (!started.isEmpty()) {
      Named next = started.pop();
      try {
        next.component().close();
        LOG.atDebug().setMessage("component stopped").addKeyValue("component", next.name()).log();
      } catch (Exception e) {
        LOG.atWarn().setMessage("component did not stop cleanly").addKeyValue("component", next.name())
            .setCause(e).log();
      }
    }
  }

  private record Named(String name, AutoCloseable component) {}

  /** A component that could not start; the message names it. */
  public static final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartException(String component, Throwable cause) {
      super("cannot start " + component + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
      Throwable root = cause;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root == cause ? String.valueOf(cause.getMessage()) : cause.getMessage() + " (" + root + ")";
    }
  }
}
