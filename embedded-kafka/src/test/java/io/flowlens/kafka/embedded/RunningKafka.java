package io.flowlens.kafka.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real broker for the integration tests of a class. Registered on a static field with
 * {@code @RegisterExtension}, it starts one embedded broker per test class (starting one takes seconds)
 * in a temporary directory, and after the class stops it and deletes the directory. A module's tests
 * extend it with what they do around the broker (a producer of flows, an agent).
 */
public class RunningKafka implements BeforeAllCallback, AfterAllCallback {
  private Path logDir;
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    logDir = Files.createTempDirectory("flowlens-it-kafka");
    kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), logDir);
    kafka.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (logDir == null) {
      return;
    }
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      Utils.delete(logDir.toFile());
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public void createTopic(String name, int partitions) {
    kafka.createTopic(name, partitions);
  }
}
