package io.flowlens.agent;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.configuration.Validated;
import java.util.Map;

/** Configurations for tests, loaded from YAML through the real loader. */
public final class TestConfigs {
  private TestConfigs() {}

  /** A root with the {@code agent:}, {@code kafka:} and {@code metrics:} sections, as the product's has. */
  public static final class Root implements Validated {
    @JsonMerge private AgentConfig agent = AgentConfig.defaults();
    @JsonMerge private KafkaConfig kafka = new KafkaConfig();
    @JsonMerge private MetricsConfig metrics = new MetricsConfig();

    private Root() {}

    public AgentConfig agent() {
      return agent;
    }

    public KafkaConfig kafka() {
      return kafka;
    }

    public MetricsConfig metrics() {
      return metrics;
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.validate(agent, ConfigProblems.child(path, "agent"));
      problems.validate(kafka, ConfigProblems.child(path, "kafka"));
      problems.validate(metrics, ConfigProblems.child(path, "metrics"));
    }
  }

  public static Root load(String yaml) {
    try {
      return new ConfigLoader(Map.of()).parse(yaml, Root.class, "test.yaml");
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
