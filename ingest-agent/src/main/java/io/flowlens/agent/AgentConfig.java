package io.flowlens.agent;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.flowlens.configuration.Cidr;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.Validated;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code agent:} — the ingest agent: its UDP listeners, the decode pipeline between them and Kafka,
 * the exporter allow-list, sampling overrides and template limits.
 *
 * <p>{@code queue_capacity} is the total number of datagrams waiting for the decode workers (split
 * evenly over the {@code workers}); a datagram that finds its worker's queue full is dropped and
 * counted. {@code http} is the agent's own HTTP port when it runs alone ({@code /metrics},
 * {@code /healthz}).
 */
public final class AgentConfig implements Validated {
  @JsonMerge private HttpConfig http = HttpConfig.onPort(8081);
  private List<ListenerConfig> listeners = new ArrayList<>(List.of(
      ListenerConfig.of(ListenerProtocol.NETFLOW9, "::", 2055),
      ListenerConfig.of(ListenerProtocol.IPFIX, "::", 4739),
      ListenerConfig.of(ListenerProtocol.SFLOW, "::", 6343)));
  private int queueCapacity = 65_536;
  private int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  @JsonMerge private ProducerConfig producer = new ProducerConfig();
  private List<Cidr> allowedExporters = new ArrayList<>();
  private List<SamplingOverride> samplingOverrides = new ArrayList<>();
  @JsonMerge private TemplatesConfig templates = new TemplatesConfig();

  private AgentConfig() {}

  /** Every default; what a root configuration holds before the loader merges the file's {@code agent:} into it. */
  public static AgentConfig defaults() {
    return new AgentConfig();
  }

  public HttpConfig http() {
    return http;
  }

  public List<ListenerConfig> listeners() {
    return List.copyOf(listeners);
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  public int workers() {
    return workers;
  }

  public ProducerConfig producer() {
    return producer;
  }

  /** Exporters whose datagrams are accepted; empty accepts all. */
  public List<Cidr> allowedExporters() {
    return List.copyOf(allowedExporters);
  }

  public List<SamplingOverride> samplingOverrides() {
    return List.copyOf(samplingOverrides);
  }

  public TemplatesConfig templates() {
    return templates;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.validate(http, ConfigProblems.child(path, "http"));
    String listenersPath = ConfigProblems.child(path, "listeners");
    if (listeners == null || listeners.isEmpty()) {
      problems.add(listenersPath, "must list at least one listener");
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < listeners.size(); i++) {
        String at = ConfigProblems.index(listenersPath, i);
        ListenerConfig l = listeners.get(i);
        problems.validate(l, at);
        if (l != null && l.port() != 0 && ListenerConfig.isLiteralAddress(l.address())) {
          String where = l.inetAddress().getHostAddress() + "/" + l.interfaceName() + "/" + l.port();
          problems.check(seen.add(where), ConfigProblems.child(at, "port"),
              "another listener already uses " + l.address() + " port " + l.port());
        }
      }
    }
    problems.check(queueCapacity >= 16 && queueCapacity <= 10_000_000, ConfigProblems.child(path, "queue_capacity"),
        "must be 16..10000000 datagrams");
    problems.check(workers >= 1 && workers <= 256, ConfigProblems.child(path, "workers"), "must be 1..256");
    problems.check(workers < 1 || queueCapacity >= workers, ConfigProblems.child(path, "queue_capacity"),
        "must be at least the number of workers");
    problems.validate(producer, ConfigProblems.child(path, "producer"));
    String allowedPath = ConfigProblems.child(path, "allowed_exporters");
    if (allowedExporters == null) {
      problems.add(allowedPath, "must be a list of CIDR blocks (empty: accept every exporter)");
    } else {
      for (int i = 0; i < allowedExporters.size(); i++) {
        problems.check(allowedExporters.get(i) != null, ConfigProblems.index(allowedPath, i),
            "must be an address or CIDR block such as 192.0.2.0/24");
      }
    }
    String overridesPath = ConfigProblems.child(path, "sampling_overrides");
    if (samplingOverrides == null) {
      problems.add(overridesPath, "must be a list of {exporter, rate}");
    } else {
      for (int i = 0; i < samplingOverrides.size(); i++) {
        problems.validate(samplingOverrides.get(i), ConfigProblems.index(overridesPath, i));
      }
    }
    problems.validate(templates, ConfigProblems.child(path, "templates"));
  }
}
