package io.flowlens.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the demo exporter sends, where, and how fast. Build one with {@link #defaults} and adjust
 * it with the {@code with...} methods; every instance is validated and every error message names
 * the option ({@code --target}, {@code --rate}, ... for the ones the command line sets).
 *
 * @param target where datagrams go ({@code --target HOST:PORT}); must be resolved
 * @param protocol what they carry ({@code --protocol})
 * @param flowsPerSecond the mean flow record rate over all simulated exporters ({@code --rate})
 * @param duration how long to send ({@code --duration}); null or zero sends until closed
 * @param exporters how many routers to simulate, each with its own socket and source id
 * @param samplingRate 1 for unsampled flows, otherwise the 1-in-N packet sampling rate announced
 * @param seed makes the traffic reproducible
 * @param diurnalPeriod the period of the day/night rate sinusoid (24 h; a demo may compress it)
 * @param diurnalAmplitude how far the rate swings around its mean, 0 (steady) to 0.9
 * @param bursts whether random short bursts of 1.5-3x the rate occur
 * @param templateInterval NetFlow v9 / IPFIX templates are re-sent every this many datagrams
 * @param counterInterval sFlow counter samples ride along every this many datagrams
 * @param maxDatagramBytes no datagram exceeds this size
 * @param progressInterval how often a progress line is logged; null or zero logs none
 */
public record DemoExporterConfig(
    InetSocketAddress target,
    DemoProtocol protocol,
    double flowsPerSecond,
    Duration duration,
    int exporters,
    long samplingRate,
    long seed,
    Duration diurnalPeriod,
    double diurnalAmplitude,
    boolean bursts,
    int templateInterval,
    int counterInterval,
    int maxDatagramBytes,
    Duration progressInterval) {

  public static final double DEFAULT_FLOWS_PER_SECOND = 2_000;
  public static final double MAX_FLOWS_PER_SECOND = 20_000_000;
  public static final int DEFAULT_EXPORTERS = 3;
  /** Loopback exporters bind 127.0.0.11 upwards, which leaves room for this many. */
  public static final int MAX_EXPORTERS = 200;
  public static final int DEFAULT_MAX_DATAGRAM_BYTES = 1400;

  public DemoExporterConfig {
    Objects.requireNonNull(target, "--target is required");
    Objects.requireNonNull(protocol, "--protocol is required");
    if (target.isUnresolved()) {
      throw new IllegalArgumentException("--target host " + target.getHostString() + " could not be resolved");
    }
    if (target.getPort() == 0) {
      throw new IllegalArgumentException("--target port must be 1-65535, got 0");
    }
    if (!(flowsPerSecond > 0) || flowsPerSecond > MAX_FLOWS_PER_SECOND) {
      throw new IllegalArgumentException("--rate must be more than 0 and at most "
          + String.format("%,.0f", MAX_FLOWS_PER_SECOND) + " flows per second, got " + flowsPerSecond);
    }
    if (duration != null && duration.isNegative()) {
      throw new IllegalArgumentException("--duration must not be negative, got " + duration);
    }
    if (exporters < 1 || exporters > MAX_EXPORTERS) {
      throw new IllegalArgumentException("exporters must be 1-" + MAX_EXPORTERS + ", got " + exporters);
    }
    if (samplingRate < 1 || samplingRate > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sampling_rate must be 1 (unsampled) to 4294967295, got " + samplingRate);
    }
    Objects.requireNonNull(diurnalPeriod, "diurnal_period is required");
    if (diurnalPeriod.toMillis() < 1000) {
      throw new IllegalArgumentException("diurnal_period must be at least 1 s, got " + diurnalPeriod);
    }
    if (!(diurnalAmplitude >= 0 && diurnalAmplitude <= 0.9)) {
      throw new IllegalArgumentException("diurnal_amplitude must be between 0 and 0.9, got " + diurnalAmplitude);
    }
    if (templateInterval < 1) {
      throw new IllegalArgumentException("template_interval must be at least 1 datagram, got " + templateInterval);
    }
    if (counterInterval < 1) {
      throw new IllegalArgumentException("counter_interval must be at least 1 datagram, got " + counterInterval);
    }
    if (maxDatagramBytes < 512 || maxDatagramBytes > 65_507) {
      throw new IllegalArgumentException("max_datagram_bytes must be 512-65507, got " + maxDatagramBytes);
    }
    if (progressInterval != null && progressInterval.isNegative()) {
      throw new IllegalArgumentException("progress_interval must not be negative, got " + progressInterval);
    }
  }

  /**
   * The demo defaults: 2,000 flows/s from 3 routers, unsampled, seed 1, until closed, a 24 h
   * diurnal swing of +-30 % with bursts, templates every 20 datagrams, 1,400-byte datagrams and a
   * progress line every 10 s.
   */
  public static DemoExporterConfig defaults(InetSocketAddress target, DemoProtocol protocol) {
    return new DemoExporterConfig(target, protocol, DEFAULT_FLOWS_PER_SECOND, null, DEFAULT_EXPORTERS, 1, 1,
        Duration.ofHours(24), 0.3, true, 20, 10, DEFAULT_MAX_DATAGRAM_BYTES, Duration.ofSeconds(10));
  }

  /**
   * Parses {@code --target HOST:PORT} ({@code [v6addr]:PORT} for IPv6 literals), resolving the host.
   *
   * @throws IllegalArgumentException naming {@code --target}
   */
  public static InetSocketAddress parseTarget(String hostPort) {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("--target must be HOST:PORT, got " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--target port must be a number, got " + hostPort, e);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--target port must be 1-65535, got " + port);
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("--target host " + host + " could not be resolved");
    }
    return address;
  }

  /** Whether the exporter stops by itself. */
  public boolean bounded() {
    return duration != null && !duration.isZero();
  }

  public DemoExporterConfig withRate(double flowsPerSecond) {
    return edit(d -> d.flowsPerSecond = flowsPerSecond);
  }

  public DemoExporterConfig withDuration(Duration duration) {
    return edit(d -> d.duration = duration);
  }

  public DemoExporterConfig withExporters(int exporters) {
    return edit(d -> d.exporters = exporters);
  }

  public DemoExporterConfig withSamplingRate(long samplingRate) {
    return edit(d -> d.samplingRate = samplingRate);
  }

  public DemoExporterConfig withSeed(long seed) {
    return edit(d -> d.seed = seed);
  }

  /** The rate shape: {@code withShape(period, 0, false)} gives the steady rate a benchmark wants. */
  public DemoExporterConfig withShape(Duration diurnalPeriod, double diurnalAmplitude, boolean bursts) {
    return edit(d -> {
      d.diurnalPeriod = diurnalPeriod;
      d.diurnalAmplitude = diurnalAmplitude;
      d.bursts = bursts;
    });
  }

  public DemoExporterConfig withTemplateInterval(int templateInterval) {
    return edit(d -> d.templateInterval = templateInterval);
  }

  public DemoExporterConfig withMaxDatagramBytes(int maxDatagramBytes) {
    return edit(d -> d.maxDatagramBytes = maxDatagramBytes);
  }

  public DemoExporterConfig withProgressInterval(Duration progressInterval) {
    return edit(d -> d.progressInterval = progressInterval);
  }

  private DemoExporterConfig edit(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.build();
  }

  /** A copy of the components to change before validating them again as a new config. */
  private static final class Draft {
    private InetSocketAddress target;
    private DemoProtocol protocol;
    private double flowsPerSecond;
    private Duration duration;
    private int exporters;
    private long samplingRate;
    private long seed;
    private Duration diurnalPeriod;
    private double diurnalAmplitude;
    private boolean bursts;
    private int templateInterval;
    private int counterInterval;
    private int maxDatagramBytes;
    private Duration progressInterval;

    private Draft(DemoExporterConfig c) {
      target = c.target;
      protocol = c.protocol;
      flowsPerSecond = c.flowsPerSecond;
      duration = c.duration;
      exporters = c.exporters;
      samplingRate = c.samplingRate;
      seed = c.seed;
      diurnalPeriod = c.diurnalPeriod;
      diurnalAmplitude = c.diurnalAmplitude;
      bursts = c.bursts;
      templateInterval = c.templateInterval;
      counterInterval = c.counterInterval;
      maxDatagramBytes = c.maxDatagramBytes;
      progressInterval = c.progressInterval;
    }

    private DemoExporterConfig build() {
      return new DemoExporterConfig(target, protocol, flowsPerSecond, duration, exporters, samplingRate, seed,
          diurnalPeriod, diurnalAmplitude, bursts, templateInterval, counterInterval, maxDatagramBytes, progressInterval);
    }
  }
}
