package io.flowlens.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.kafka.embedded.RunningKafka;
import io.flowlens.schema.FlowRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole agent against a real broker, for integration tests. Registered on a static field with
 * {@code @RegisterExtension}, it starts one embedded broker per test class ({@link RunningKafka});
 * {@link #start} runs an agent producing to a topic of its own, which is stopped after each test.
 */
public final class RunningAgent extends RunningKafka implements AfterEachCallback {
  private final String topicPrefix;
  private int topics;
  private PrometheusMeterRegistry registry;
  private IngestAgent agent;
  private String topic;

  /** @param topicPrefix names the topics, one a test: {@code <prefix>-1}, {@code <prefix>-2}... */
  public RunningAgent(String topicPrefix) {
    this.topicPrefix = topicPrefix;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (agent != null) {
      agent.close();
      agent = null;
    }
  }

  /**
   * Starts an agent with one listener for {@code protocol} on a free port of {@code address}
   * (a literal), producing to a new topic of 4 partitions; it is ready when this returns.
   */
  public void start(String protocol, String address) {
    topic = topicPrefix + "-" + (++topics);
    createTopic(topic, 4);
    TestConfigs.Root config = TestConfigs.load("""
        kafka: {bootstrap_servers: "%s", topic: %s}
        agent:
          workers: 2
          producer: {linger: 5ms}
          listeners:
            - {protocol: %s, address: "%s", port: 0}
        """.formatted(bootstrapServers(), topic, protocol, address));
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    agent = new IngestAgent(config.agent(), config.kafka(), config.metrics(), registry);
    agent.start();
    assertThat(agent.readinessCheck().notReadyReason()).isNull();
  }

  /** The UDP port the listener was given. */
  public int port() {
    return agent.boundPort(0);
  }

  /** The agent's metrics, in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Every record of this test's topic, once as many arrived as the agent counts parsed records of the
   * {@code protocol} label (or 90 s passed).
   */
  public List<FlowRecord> readBack(String protocol) {
    return KafkaRecords.read(bootstrapServers(), topic,
        () -> (long) Scrape.sum(registry.scrape(), "flow_parsed_records_total", "protocol=\"" + protocol + "\""),
        Duration.ofSeconds(90));
  }
}
