package io.flowlens.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("KAFKA", "kafka-1:9092,kafka-2:9092", "EMPTY", ""));

  private SampleConfig parse(String yaml) throws ConfigException {
    return loader.parse(yaml, SampleConfig.class, "test.yaml");
  }

  private ConfigException problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected the configuration to be rejected:\n" + yaml);
  }

  @Test
  void shouldGiveEveryDefaultForAnEmptyFile() throws Exception {
    SampleConfig c = parse("");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.kafka().topic()).isEqualTo("flows");
    assertThat(c.metrics().name("bytes_total")).isEqualTo("flow_bytes_total");
    assertThat(c.logging().level()).isEqualTo(LoggingConfig.Level.INFO);
    assertThat(c.agent().http().port()).isEqualTo(8081);
    assertThat(c.agent().listeners()).singleElement().extracting(SampleConfig.Listener::port).isEqualTo(2055);
  }

  @Test
  void shouldKeepTheOtherDefaultsOfAPartlyWrittenSection() throws Exception {
    SampleConfig c = parse("agent:\n  http:\n    address: 127.0.0.1\n");
    assertThat(c.agent().http().address()).isEqualTo("127.0.0.1");
    assertThat(c.agent().http().port()).isEqualTo(8081);
    assertThat(c.agent().expiry()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void shouldReplaceListsAsAWhole() throws Exception {
    SampleConfig c = parse("""
        agent:
          listeners:
            - protocol: ipfix
              port: 4739
              receive_buffer: 16MiB
            - protocol: SFLOW
              port: 6343
        """);
    assertThat(c.agent().listeners()).extracting(SampleConfig.Listener::protocol)
        .containsExactly(SampleConfig.Protocol.IPFIX, SampleConfig.Protocol.SFLOW);
    assertThat(c.agent().listeners().get(0).receiveBuffer()).isEqualTo(DataSize.ofMebibytes(16));
    assertThat(c.agent().listeners().get(1).receiveBuffer()).isEqualTo(DataSize.ofMebibytes(8));
  }

  @Test
  void shouldSubstituteEnvironmentVariablesWithDefaults() throws Exception {
    SampleConfig c = parse("""
        kafka:
          bootstrap_servers: ${KAFKA}
          topic: ${TOPIC:-flows-test}
        metrics:
          namespace: ${EMPTY:-netflow}
        agent:
          listeners:
            - port: ${PORT:-9995}
        """);
    assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(c.kafka().topic()).isEqualTo("flows-test");
    assertThat(c.metrics().namespace()).isEqualTo("netflow");
    assertThat(c.agent().listeners().get(0).port()).isEqualTo(9995);
  }

  @Test
  void shouldReadDollarDollarAsALiteralDollar() {
    ConfigException e = problems("kafka:\n  topic: a$$b\n");
    assertThat(e.problems()).singleElement().extracting(ConfigProblem::path).isEqualTo("kafka.topic");
    assertThat(e.getMessage()).contains("kafka.topic");
  }

  @Test
  void shouldNameAnUnsetVariableWithoutDefault() {
    ConfigException e = problems("kafka:\n  bootstrap_servers: ${NOT_SET}\n");
    assertThat(e.problems()).extracting(ConfigProblem::path).contains("kafka.bootstrap_servers");
    assertThat(e.getMessage()).contains("NOT_SET is not set");
  }

  @Test
  void shouldReportEveryUnknownKeyWithItsPath() {
    ConfigException e = problems("""
        kafak:
          bootstrap_servers: x:1
        agent:
          listeners:
            - port: 2055
              protocl: ipfix
          htp:
            port: 1
        """);
    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("kafak", "agent.listeners[0].protocl", "agent.htp");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("unknown key"));
    assertThat(e.problems().get(0).message()).contains("known keys here: agent, kafka, logging, metrics");
  }

  @Test
  void shouldReportValuesOfTheWrongTypeWithTheirPathAndCarryOn() {
    ConfigException e = problems("""
        logging:
          level: loud
        agent:
          expiry: soon
          listeners:
            - port: many
              receive_buffer: huge
          allowed_exporters: [10.0.0.0/8, 300.1.1.1/8]
          bogus: 1
        """);
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "logging.level", "agent.expiry", "agent.listeners[0].port", "agent.listeners[0].receive_buffer",
        "agent.allowed_exporters[1]", "agent.bogus");
    assertThat(e.getMessage())
        .contains("'loud' is not one of debug, info, warn, error")
        .contains("'soon' is not a duration")
        .contains("'huge' is not a size");
  }

  @Test
  void shouldReportSemanticProblemsWithTheirPath() {
    ConfigException e = problems("""
        kafka:
          partitions: 0
        metrics:
          namespace: 9flows
        agent:
          listeners:
            - port: 2055
            - port: 70000
        """);
    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("kafka.partitions", "metrics.namespace", "agent.listeners[1].port");
  }

  @Test
  void shouldRejectASectionGivenAsAScalar() {
    ConfigException e = problems("agent: 5\n");
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("agent");
  }

  @Test
  void shouldReportInvalidYamlWithItsLine() {
    ConfigException e = problems("kafka:\n  topic: [unclosed\n");
    assertThat(e.getMessage()).contains("not valid YAML").contains("line");
  }

  @Test
  void shouldLoadAFileAndNameAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flowlens.yaml");
    Files.writeString(file, "kafka:\n  topic: f\n");
    assertThat(loader.load(file, SampleConfig.class).kafka().topic()).isEqualTo("f");
    assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml"), SampleConfig.class))
        .isInstanceOf(ConfigException.class).hasMessageContaining("absent.yaml").hasMessageContaining("file not found");
  }
}
