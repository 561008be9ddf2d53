package io.flowlens.aggregator.window;

import io.flowlens.aggregator.AggregatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One aggregation as the topology runs it: its index (the first byte of its series keys), name,
 * effective dimensions (geo dimensions switched off in {@code labels} left out), address truncation,
 * series cap and window sizes.
 *
 * @param index position in {@link #resolve}'s list, 0..254
 * @param name the {@code aggregation} label
 * @param dimensions the label dimensions, in key order
 * @param srcPrefix IPv4 source prefix length (32: none)
 * @param dstPrefix IPv4 destination prefix length
 * @param srcPrefix6 IPv6 source prefix length (128: none)
 * @param dstPrefix6 IPv6 destination prefix length
 * @param maxSeries the most series kept before the rest go to {@code __other__}
 * @param windows window sizes, each also in {@link #resolve}'s union
 * @param interfaces whether this is the built-in interfaces aggregation (one contribution per side)
 */
public record AggregationSpec(int index, String name, List<Dimension> dimensions, int srcPrefix, int dstPrefix,
    int srcPrefix6, int dstPrefix6, int maxSeries, List<Duration> windows, boolean interfaces) {

  /** The label value of every dimension of the series that sums what the caps left out. */
  public static final String OTHER = "__other__";

  public AggregationSpec {
    dimensions = List.copyOf(dimensions);
    windows = List.copyOf(windows);
  }

  /** The label names: {@code aggregation} first, then the dimensions. */
  public List<String> labelNames() {
    List<String> names = new ArrayList<>(dimensions.size() + 1);
    names.add("aggregation");
    dimensions.forEach(d -> names.add(d.label()));
    return names;
  }

  /** The aggregations the configuration asks for, the built-in interfaces one last. */
  public static List<AggregationSpec> resolve(AggregatorConfig config) {
    List<AggregationSpec> specs = new ArrayList<>();
    for (AggregatorConfig.Aggregation a : config.aggregations()) {
      List<Dimension> dims = a.dimensions().stream().filter(config.labels()::enabled).toList();
      if (dims.isEmpty()) {
        // Every dimension is a switched-off geo label: one series per aggregation would say nothing new.
        continue;
      }
      specs.add(new AggregationSpec(specs.size(), a.name(), dims, a.srcPrefix(), a.dstPrefix(), a.srcPrefix6(),
          a.dstPrefix6(), a.maxSeries(), a.windows().isEmpty() ? config.windows() : a.windows(), false));
    }
    AggregatorConfig.Interfaces i = config.interfaces();
    if (i.enabled()) {
      specs.add(new AggregationSpec(specs.size(), AggregatorConfig.Interfaces.NAME,
          List.of(Dimension.EXPORTER, Dimension.INTERFACE, Dimension.INTERFACE_DIRECTION), 32, 32, 128, 128,
          i.maxSeries(), i.windows().isEmpty() ? config.windows() : i.windows(), true));
    }
    return specs;
  }

  /** Every window size some aggregation keeps, each once, in ascending order. */
  public static List<Duration> allWindows(List<AggregationSpec> specs) {
    return specs.stream().flatMap(s -> s.windows().stream()).distinct().sorted().toList();
  }
}
