package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.LoggingConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  private static final Logger LOG = LoggerFactory.getLogger(LogSetupTest.class);

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @AfterEach
  void restoreTheTestLogging() throws ConfigException {
    LogSetup.apply(logging("info", "text"), System.out);
  }

  private static LoggingConfig logging(String level, String format) throws ConfigException {
    return new ConfigLoader(Map.of()).parse("logging:\n  level: " + level + "\n  format: " + format + "\n",
        FlowlensConfig.class, "test").logging();
  }

  private List<String> lines() {
    return output.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void shouldWriteOneParsableJsonObjectPerLineWithTheKeyValueFields() throws Exception {
    LogSetup.apply(logging("info", "json"), output);

    LOG.atInfo().setMessage("template received").addKeyValue("exporter", "192.0.2.1").addKeyValue("template_id", 256)
        .log();
    LOG.atWarn().setMessage("datagram dropped").addKeyValue("reason", "truncated header").log();

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("message").asText()).isEqualTo("template received");
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger_name").asText()).isEqualTo(LogSetupTest.class.getName());
    assertThat(first.get("exporter").asText()).isEqualTo("192.0.2.1");
    assertThat(first.get("template_id").asInt()).isEqualTo(256);
    assertThat(first.has("@timestamp")).isTrue();
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("level").asText()).isEqualTo("WARN");
    assertThat(second.get("reason").asText()).isEqualTo("truncated header");
  }

  @Test
  void shouldWriteReadableTextLinesWithTheKeyValueFields() throws Exception {
    LogSetup.apply(logging("info", "text"), output);

    LOG.atInfo().setMessage("listener started").addKeyValue("protocol", "ipfix").addKeyValue("port", 4739)
        .addKeyValue("interface", "eth0 (uplink)").addKeyValue("empty", "").log();

    List<String> lines = lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[.+] "
            + "io\\.flowlens\\.app\\.LogSetupTest - listener started protocol=ipfix port=4739 "
            + "interface=\"eth0 \\(uplink\\)\" empty=\"\"");
  }

  @Test
  void shouldAppendTheStackTraceInText() throws Exception {
    LogSetup.apply(logging("info", "text"), output);

    LOG.atError().setMessage("send failed").setCause(new IllegalStateException("broker gone")).log();

    assertThat(lines()).anyMatch(l -> l.contains("send failed"))
        .anyMatch(l -> l.contains("java.lang.IllegalStateException: broker gone"))
        .anyMatch(l -> l.contains("at io.flowlens.app.LogSetupTest"));
  }

  @Test
  void shouldLogAtTheConfiguredLevelAndKeepNoisyLibrariesAtWarn() throws Exception {
    LogSetup.apply(logging("warn", "text"), output);
    LOG.info("not shown");
    LOG.warn("shown");

    LogSetup.apply(logging("info", "text"), output);
    LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").info("kafka chatter");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
    LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn("kafka warning");
    LOG.debug("debug not shown");

    LogSetup.apply(logging("debug", "text"), output);
    LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").debug("kafka debug");
    LOG.debug("flowlens debug");

    List<String> messages = new ArrayList<>();
    lines().forEach(l -> messages.add(l.substring(l.indexOf(" - ") + 3)));
    assertThat(messages).containsExactly("shown", "kafka warning", "kafka debug", "flowlens debug");
  }
}
