package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.Validated;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example files in config/ load, and flowlens.yaml shows (and explains) every key the code knows. */
class ConfigFilesTest {
  private static final Path CONFIG = Path.of("..", "config");

  @Test
  void shouldLoadEveryExampleFile() throws IOException, ConfigException {
    List<Path> files;
    try (Stream<Path> list = Files.walk(CONFIG)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).extracting(p -> CONFIG.relativize(p).toString())
        .contains("flowlens.yaml", "agent.yaml", "aggregator.yaml", "docker/agent.yaml", "docker/aggregator.yaml");
    for (Path file : files) {
      assertThat(new ConfigLoader(Map.of()).load(file, FlowlensConfig.class)).as(file.toString()).isNotNull();
    }
  }

  @Test
  void shouldGiveTheDefaultsWhenTheEnvironmentSetsNothing() throws ConfigException {
    FlowlensConfig config = new ConfigLoader(Map.of()).load(CONFIG.resolve("flowlens.yaml"), FlowlensConfig.class);

    assertThat(config.kafka().bootstrapServers()).isEqualTo(FlowlensConfig.defaults().kafka().bootstrapServers());
    assertThat(config.aggregator().http().port()).isEqualTo(8080);
    assertThat(config.agent().http().port()).isEqualTo(8081);
    assertThat(config.agent().listeners()).extracting(l -> l.port()).containsExactly(2055, 4739, 6343);
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.embeddedKafkaDir()).isEqualTo(Path.of("./data", "kafka"));
  }

  @Test
  void shouldTakeOperatorValuesFromTheEnvironment() throws ConfigException {
    FlowlensConfig config = new ConfigLoader(Map.of("FLOWLENS_KAFKA_BOOTSTRAP", "kafka1:9092,kafka2:9092",
        "FLOWLENS_HTTP_PORT", "9180", "FLOWLENS_LOG_FORMAT", "json", "FLOWLENS_DATA_DIR", "/var/lib/flowlens"))
        .load(CONFIG.resolve("flowlens.yaml"), FlowlensConfig.class);

    assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka1:9092,kafka2:9092");
    assertThat(config.aggregator().http().port()).isEqualTo(9180);
    assertThat(config.logging().format().name()).isEqualTo("JSON");
    assertThat(config.embeddedKafkaDir()).isEqualTo(Path.of("/var/lib/flowlens/kafka"));
  }

  @Test
  void shouldMentionEveryKeyOfEverySectionInFlowlensYaml() throws IOException {
    JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(CONFIG.resolve("flowlens.yaml").toFile());
    String comments = Files.readAllLines(CONFIG.resolve("flowlens.yaml")).stream().map(String::strip)
        .filter(l -> l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));

    assertThat(missingKeys(FlowlensConfig.class, yaml, "", comments))
        .as("keys of the code that flowlens.yaml lacks").isEmpty();
  }

  @Test
  void shouldExplainEveryKeyOfFlowlensYamlWithAComment() throws IOException {
    List<String> lines = Files.readAllLines(CONFIG.resolve("flowlens.yaml"));
    List<String> unexplained = new ArrayList<>();
    String previous = "";
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.matches("(- )?[a-z_]+:.*") && !previous.startsWith("#") && !trimmed.contains(" # ")) {
        unexplained.add(trimmed);
      }
      if (!trimmed.isEmpty()) {
        previous = trimmed;
      }
    }
    assertThat(unexplained).as("keys without a comment above them").isEmpty();
  }

  /** The YAML paths of {@code type}'s keys (fields, snake_case) that {@code node} does not name. */
  private static List<String> missingKeys(Class<?> type, JsonNode node, String path, String comments) {
    List<String> missing = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
        continue;
      }
      com.fasterxml.jackson.annotation.JsonProperty named = field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      String key = named != null ? named.value() : PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(field.getName());
      String keyPath = path.isEmpty() ? key : path + "." + key;
      JsonNode value = node == null ? null : node.get(key);
      if (value == null) {
        missing.add(keyPath);
      } else if (Validated.class.isAssignableFrom(field.getType())) {
        missing.addAll(missingKeys(field.getType(), value, keyPath, comments));
      } else if (List.class.isAssignableFrom(field.getType()) && sectionElement(field) != null) {
        missing.addAll(missingInEveryElement(sectionElement(field), value, keyPath, comments));
      }
    }
    return missing;
  }

  /**
   * For a list of sections: the keys that no element names (each element may leave some out). An
   * empty list must show its element's keys in a commented example.
   */
  private static List<String> missingInEveryElement(Class<?> element, JsonNode list, String path, String comments) {
    if (!list.isArray() || list.isEmpty()) {
      return missingKeys(element, null, path + "[]", comments).stream()
          .filter(k -> !comments.contains(k.substring(k.lastIndexOf('.') + 1) + ":")).toList();
    }
    Set<String> missingEverywhere = null;
    for (JsonNode item : list) {
      Set<String> missing = new HashSet<>(missingKeys(element, item, path + "[]", comments));
      if (missingEverywhere == null) {
        missingEverywhere = missing;
      } else {
        missingEverywhere.retainAll(missing);
      }
    }
    return missingEverywhere.stream().sorted().toList();
  }

  private static Class<?> sectionElement(Field field) {
    if (field.getGenericType() instanceof ParameterizedType list
        && list.getActualTypeArguments()[0] instanceof Class<?> element
        && Validated.class.isAssignableFrom(element)) {
      return element;
    }
    return null;
  }
}
