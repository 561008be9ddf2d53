package io.flowlens.configuration;

import com.fasterxml.jackson.annotation.JsonMerge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A root section shaped like the product's, for the loader tests. */
final class SampleConfig implements Validated {
  enum Protocol { NETFLOW9, IPFIX, SFLOW }

  static final class Listener implements Validated {
    private Protocol protocol = Protocol.NETFLOW9;
    private int port = 2055;
    private DataSize receiveBuffer = DataSize.ofMebibytes(8);

    Protocol protocol() {
      return protocol;
    }

    int port() {
      return port;
    }

    DataSize receiveBuffer() {
      return receiveBuffer;
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.check(port >= 0 && port <= 65535, ConfigProblems.child(path, "port"), "must be 0..65535");
    }
  }

  static final class Agent implements Validated {
    @JsonMerge private HttpConfig http = HttpConfig.onPort(8081);
    private List<Listener> listeners = new ArrayList<>(List.of(new Listener()));
    private Duration expiry = Duration.ofMinutes(30);
    private List<Cidr> allowedExporters = new ArrayList<>();

    HttpConfig http() {
      return http;
    }

    List<Listener> listeners() {
      return listeners;
    }

    Duration expiry() {
      return expiry;
    }

    List<Cidr> allowedExporters() {
      return allowedExporters;
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.validate(http, ConfigProblems.child(path, "http"));
      for (int i = 0; i < listeners.size(); i++) {
        problems.validate(listeners.get(i), ConfigProblems.index(ConfigProblems.child(path, "listeners"), i));
      }
      problems.check(expiry != null && !expiry.isZero(), ConfigProblems.child(path, "expiry"), "must be positive");
    }
  }

  @JsonMerge private LoggingConfig logging = new LoggingConfig();
  @JsonMerge private KafkaConfig kafka = new KafkaConfig();
  @JsonMerge private MetricsConfig metrics = new MetricsConfig();
  @JsonMerge private Agent agent = new Agent();

  LoggingConfig logging() {
    return logging;
  }

  KafkaConfig kafka() {
    return kafka;
  }

  MetricsConfig metrics() {
    return metrics;
  }

  Agent agent() {
    return agent;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.validate(logging, ConfigProblems.child(path, "logging"));
    problems.validate(kafka, ConfigProblems.child(path, "kafka"));
    problems.validate(metrics, ConfigProblems.child(path, "metrics"));
    problems.validate(agent, ConfigProblems.child(path, "agent"));
  }
}
