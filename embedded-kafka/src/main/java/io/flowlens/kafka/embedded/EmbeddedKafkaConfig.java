package io.flowlens.kafka.embedded;

import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.DataSize;
import io.flowlens.configuration.Validated;
import java.time.Duration;

/**
 * {@code embedded_kafka:} — the single-node broker that {@code all-in-one} runs in its own process.
 * Its log lives in {@code data_dir} (default {@code <data_dir>/kafka} of the root section), so that
 * a restart, even after kill -9, resumes where it stopped.
 */
public final class EmbeddedKafkaConfig implements Validated {
  private String address = "127.0.0.1";
  private int port = 9092;
  private int controllerPort = 9093;
  private String dataDir = "";
  private Duration retention = Duration.ofHours(6);
  private DataSize retentionSize = DataSize.parse("4GiB");

  /** A configuration for tests: loopback, any free ports, the given directory. */
  public static EmbeddedKafkaConfig forTests(String dataDir) {
    EmbeddedKafkaConfig c = new EmbeddedKafkaConfig();
    c.port = 0;
    c.controllerPort = 0;
    c.dataDir = dataDir;
    return c;
  }

  public String address() {
    return address;
  }

  /** The client port; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The KRaft controller port; 0 picks a free one. */
  public int controllerPort() {
    return controllerPort;
  }

  /** The log directory; empty means "kafka" under the process's data directory. */
  public String dataDir() {
    return dataDir;
  }

  /** How long the broker keeps flow records (the aggregator normally reads them within seconds). */
  public Duration retention() {
    return retention;
  }

  /** The most bytes kept per partition of a topic. */
  public DataSize retentionSize() {
    return retentionSize;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(address != null && !address.isBlank(), ConfigProblems.child(path, "address"), "must be an address");
    problems.check(port >= 0 && port <= 65535, ConfigProblems.child(path, "port"), "must be 0..65535 (0: any free port)");
    problems.check(controllerPort >= 0 && controllerPort <= 65535, ConfigProblems.child(path, "controller_port"),
        "must be 0..65535 (0: any free port)");
    problems.check(port == 0 || port != controllerPort, ConfigProblems.child(path, "controller_port"),
        "must differ from port");
    problems.check(dataDir != null, ConfigProblems.child(path, "data_dir"), "must be a directory path or empty");
    problems.check(retention != null && retention.toMillis() >= 60_000, ConfigProblems.child(path, "retention"),
        "must be at least 1m");
    problems.check(retentionSize != null && retentionSize.bytes() >= (1 << 20), ConfigProblems.child(path, "retention_size"),
        "must be at least 1MiB");
  }
}
