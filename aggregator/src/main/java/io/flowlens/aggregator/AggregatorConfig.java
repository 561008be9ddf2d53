package io.flowlens.aggregator;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.flowlens.aggregator.enrich.GeoIpConfig;
import io.flowlens.aggregator.window.Dimension;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.DataSize;
import io.flowlens.configuration.Durations;
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.Validated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code aggregator:} — the Kafka Streams application that turns the flow topic into Prometheus
 * series. Defaults give the shipped aggregations ({@code talkers}, {@code services}, {@code geo},
 * {@code asn}) plus the built-in {@code interfaces} aggregation, each counted in the 1m, 5m, 15m and 1h
 * windows. See docs/aggregator.md for every key.
 */
public final class AggregatorConfig implements Validated {
  /** Kafka Streams' processing guarantee. */
  public enum ProcessingGuarantee { EXACTLY_ONCE_V2, AT_LEAST_ONCE }

  /** Which time stamp of a flow places it in a window. */
  public enum WindowClock { RECEIVE_TIME, FLOW_END }

  private String applicationId = "flowlens-aggregator";
  private String stateDir = "";
  @JsonMerge private HttpConfig http = HttpConfig.onPort(8080);
  private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.EXACTLY_ONCE_V2;
  private Duration commitInterval = Duration.ofSeconds(1);
  private int streamThreads = 2;
  private boolean combiner = true;
  private DataSize recordCache = DataSize.ofMebibytes(64);
  private Duration maintenanceInterval = Duration.ofSeconds(30);
  private List<Duration> windows = new ArrayList<>(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(15), Duration.ofHours(1)));
  private Duration grace = Duration.ofSeconds(30);
  private WindowClock clock = WindowClock.RECEIVE_TIME;
  @JsonMerge private Labels labels = new Labels();
  private Duration seriesIdleExpiry = Duration.ofHours(1);
  @JsonMerge private Interfaces interfaces = new Interfaces();
  @JsonMerge private GeoIpConfig geoip = new GeoIpConfig();
  private List<Aggregation> aggregations = new ArrayList<>(List.of(
      Aggregation.of("talkers", 10_000, "src_ip", "dst_ip", "proto"),
      Aggregation.of("services", 2_000, "proto", "dst_port"),
      Aggregation.of("geo", 2_000, "src_country", "dst_country"),
      Aggregation.of("asn", 5_000, "src_asn", "dst_asn", "src_as_org", "dst_as_org")));

  /** The configuration with every default. */
  public static AggregatorConfig defaults() {
    return new AggregatorConfig();
  }

  private AggregatorConfig() {}

  /** Kafka Streams' application.id: instances sharing it share the partitions. */
  public String applicationId() {
    return applicationId;
  }

  /** Kafka Streams' state directory; empty means {@code streams} under the process's data directory. */
  public String stateDir() {
    return stateDir;
  }

  public HttpConfig http() {
    return http;
  }

  public ProcessingGuarantee processingGuarantee() {
    return processingGuarantee;
  }

  /** How often state is committed, and how often the combiner forwards what it summed. */
  public Duration commitInterval() {
    return commitInterval;
  }

  public int streamThreads() {
    return streamThreads;
  }

  /** Whether flows are summed per series in each task before the repartition. */
  public boolean combiner() {
    return combiner;
  }

  /** Kafka Streams' record cache (statestore.cache.max.bytes), shared by the threads: fewer store and changelog writes. */
  public DataSize recordCache() {
    return recordCache;
  }

  /** How often series caps are enforced and idle series expired. */
  public Duration maintenanceInterval() {
    return maintenanceInterval;
  }

  /** The window sizes every aggregation keeps unless it names its own. */
  public List<Duration> windows() {
    return List.copyOf(windows);
  }

  /** How long after its end a window still accepts late flows. */
  public Duration grace() {
    return grace;
  }

  public WindowClock clock() {
    return clock;
  }

  public Labels labels() {
    return labels;
  }

  /** A series that saw no flow for this long is removed. */
  public Duration seriesIdleExpiry() {
    return seriesIdleExpiry;
  }

  /** {@code geoip:} — the GeoIP2/GeoLite2 City and ASN databases that enrich both addresses. */
  public GeoIpConfig geoip() {
    return geoip;
  }

  public Interfaces interfaces() {
    return interfaces;
  }

  public List<Aggregation> aggregations() {
    return List.copyOf(aggregations);
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(applicationId != null && applicationId.matches("[a-zA-Z0-9._-]{1,200}"),
        ConfigProblems.child(path, "application_id"), "must be letters, digits, '.', '_' or '-'");
    problems.check(stateDir != null, ConfigProblems.child(path, "state_dir"), "must be a directory path or empty");
    problems.validate(http, ConfigProblems.child(path, "http"));
    problems.check(processingGuarantee != null, ConfigProblems.child(path, "processing_guarantee"),
        "must be exactly_once_v2 or at_least_once");
    problems.check(commitInterval != null && commitInterval.toMillis() >= 10 && commitInterval.toMinutes() <= 10,
        ConfigProblems.child(path, "commit_interval"), "must be 10ms..10m");
    problems.check(streamThreads >= 1 && streamThreads <= 64, ConfigProblems.child(path, "stream_threads"), "must be 1..64");
    problems.check(recordCache != null, ConfigProblems.child(path, "record_cache"), "must be a size such as 64MiB (0B: off)");
    problems.check(maintenanceInterval != null && maintenanceInterval.toMillis() >= 100,
        ConfigProblems.child(path, "maintenance_interval"), "must be at least 100ms");
    validateWindows(windows, ConfigProblems.child(path, "windows"), problems, false);
    problems.check(grace != null && !grace.isNegative(), ConfigProblems.child(path, "grace"), "must be 0 or positive");
    problems.check(clock != null, ConfigProblems.child(path, "clock"), "must be receive_time or flow_end");
    problems.validate(labels, ConfigProblems.child(path, "labels"));
    problems.check(seriesIdleExpiry != null && seriesIdleExpiry.toSeconds() >= 1,
        ConfigProblems.child(path, "series_idle_expiry"), "must be at least 1s");
    problems.validate(interfaces, ConfigProblems.child(path, "interfaces"));
    problems.validate(geoip, ConfigProblems.child(path, "geoip"));
    String list = ConfigProblems.child(path, "aggregations");
    if (aggregations == null) {
      problems.add(list, "must be a list of aggregations");
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < aggregations.size(); i++) {
      String at = ConfigProblems.index(list, i);
      Aggregation a = aggregations.get(i);
      problems.validate(a, at);
      if (a != null && a.name != null) {
        problems.check(names.add(a.name) && !a.name.equals(Interfaces.NAME), ConfigProblems.child(at, "name"),
            "must be unique and not '" + Interfaces.NAME + "' (the built-in aggregation)");
      }
    }
    problems.check(aggregations.size() <= 200, list, "at most 200 aggregations");
  }

  static void validateWindows(List<Duration> windows, String path, ConfigProblems problems, boolean emptyAllowed) {
    if (windows == null || (!emptyAllowed && windows.isEmpty())) {
      problems.add(path, "must be a list of window sizes such as [1m, 5m, 15m, 1h]");
      return;
    }
    for (int i = 0; i < windows.size(); i++) {
      Duration w = windows.get(i);
      problems.check(w != null && w.toMillis() >= 1000 && w.toMillis() % 1000 == 0 && w.toDays() <= 7,
          ConfigProblems.index(path, i), "must be whole seconds, 1s..7d");
    }
    problems.check(new HashSet<>(windows).size() == windows.size(), path, "must not repeat a window size");
  }

  /** {@code aggregator.labels:} — switches the optional geo labels (and dimensions) on and off. */
  public static final class Labels implements Validated {
    private boolean country = true;
    private boolean city = false;
    private boolean asn = true;
    private boolean asOrg = true;

    public boolean country() {
      return country;
    }

    public boolean city() {
      return city;
    }

    public boolean asn() {
      return asn;
    }

    public boolean asOrg() {
      return asOrg;
    }

    /** Whether {@code d} is kept; a switched-off dimension is left out of every aggregation. */
    public boolean enabled(Dimension d) {
      return switch (d) {
        case SRC_COUNTRY, DST_COUNTRY -> country;
        case SRC_CITY, DST_CITY -> city;
        case SRC_ASN, DST_ASN -> asn;
        case SRC_AS_ORG, DST_AS_ORG -> asOrg;
        default -> true;
      };
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      // Four booleans: the loader already rejected anything that is not one.
    }
  }

  /** {@code aggregator.interfaces:} — the built-in per-exporter interface aggregation. */
  public static final class Interfaces implements Validated {
    /** The aggregation's name, reserved. */
    public static final String NAME = "interfaces";

    private boolean enabled = true;
    private int maxSeries = 10_000;
    private List<Duration> windows = new ArrayList<>();

    public boolean enabled() {
      return enabled;
    }

    public int maxSeries() {
      return maxSeries;
    }

    /** Its windows; empty means {@code aggregator.windows}. */
    public List<Duration> windows() {
      return List.copyOf(windows);
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.check(maxSeries >= 1 && maxSeries <= 10_000_000, ConfigProblems.child(path, "max_series"),
          "must be 1..10000000");
      validateWindows(windows, ConfigProblems.child(path, "windows"), problems, true);
    }
  }

  /** One entry of {@code aggregator.aggregations}. */
  public static final class Aggregation implements Validated {
    private String name;
    private List<String> dimensions = new ArrayList<>();
    private int srcPrefix = 32;
    private int dstPrefix = 32;
    private int srcPrefix6 = 128;
    private int dstPrefix6 = 128;
    private int maxSeries = 10_000;
    private List<Duration> windows = new ArrayList<>();

    private Aggregation() {}

    static Aggregation of(String name, int maxSeries, String... dimensions) {
      Aggregation a = new Aggregation();
      a.name = name;
      a.maxSeries = maxSeries;
      a.dimensions = new ArrayList<>(List.of(dimensions));
      return a;
    }

    /** The metric label {@code aggregation}. */
    public String name() {
      return name;
    }

    /** The dimensions, in the order configured. */
    public List<Dimension> dimensions() {
      return dimensions.stream().map(d -> Dimension.byName(d).orElseThrow()).toList();
    }

    /** Prefix length IPv4 source addresses are truncated to (32: none). */
    public int srcPrefix() {
      return srcPrefix;
    }

    public int dstPrefix() {
      return dstPrefix;
    }

    /** Prefix length IPv6 source addresses are truncated to (128: none). */
    public int srcPrefix6() {
      return srcPrefix6;
    }

    public int dstPrefix6() {
      return dstPrefix6;
    }

    /** The most series kept; lighter ones are summed into the {@code __other__} series. */
    public int maxSeries() {
      return maxSeries;
    }

    /** Its windows; empty means {@code aggregator.windows}. */
    public List<Duration> windows() {
      return List.copyOf(windows);
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.check(name != null && name.matches("[a-zA-Z_][a-zA-Z0-9_]{0,63}"), ConfigProblems.child(path, "name"),
          "must be letters, digits and _, not starting with a digit");
      String dims = ConfigProblems.child(path, "dimensions");
      if (dimensions == null || dimensions.isEmpty()) {
        problems.add(dims, "must name at least one dimension of: " + validNames());
      } else {
        for (int i = 0; i < dimensions.size(); i++) {
          String d = dimensions.get(i);
          problems.check(d != null && Dimension.byName(d).isPresent(), ConfigProblems.index(dims, i),
              "unknown dimension '" + d + "'; valid dimensions: " + validNames());
        }
        problems.check(new HashSet<>(dimensions).size() == dimensions.size(), dims, "must not repeat a dimension");
      }
      checkPrefix(path, "src_prefix", srcPrefix, 32, "src_ip", problems);
      checkPrefix(path, "dst_prefix", dstPrefix, 32, "dst_ip", problems);
      checkPrefix(path, "src_prefix6", srcPrefix6, 128, "src_ip", problems);
      checkPrefix(path, "dst_prefix6", dstPrefix6, 128, "dst_ip", problems);
      problems.check(maxSeries >= 1 && maxSeries <= 10_000_000, ConfigProblems.child(path, "max_series"),
          "must be 1..10000000");
      validateWindows(windows, ConfigProblems.child(path, "windows"), problems, true);
    }

    private void checkPrefix(String path, String key, int value, int max, String dimension, ConfigProblems problems) {
      String at = ConfigProblems.child(path, key);
      problems.check(value >= 0 && value <= max, at, "must be 0.." + max);
      problems.check(value == max || (dimensions != null && dimensions.contains(dimension)), at,
          "truncates " + dimension + ", which is not among the dimensions");
    }

    private static String validNames() {
      return Dimension.configurable().stream().map(Dimension::label).collect(Collectors.joining(", "));
    }
  }

  /** The printable form of a window size, the {@code window} label: {@code 1m}, {@code 1h}. */
  public static String windowLabel(Duration window) {
    return Durations.format(window);
  }
}
