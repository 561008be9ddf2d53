package io.flowlens.aggregator.window;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a series can be grouped by. Each dimension is one label of the flow metrics, named as in the
 * configuration ({@code src_ip}, {@code dst_port}...). {@link #INTERFACE} and {@link #INTERFACE_DIRECTION}
 * belong to the built-in {@code interfaces} aggregation only and cannot be configured.
 */
public enum Dimension {
  EXPORTER(Kind.ADDRESS),
  SRC_IP(Kind.ADDRESS),
  DST_IP(Kind.ADDRESS),
  SRC_PORT(Kind.NUMBER),
  DST_PORT(Kind.NUMBER),
  PROTO(Kind.NUMBER),
  IN_IF(Kind.NUMBER),
  OUT_IF(Kind.NUMBER),
  SRC_ASN(Kind.NUMBER),
  DST_ASN(Kind.NUMBER),
  SRC_AS_ORG(Kind.TEXT),
  DST_AS_ORG(Kind.TEXT),
  SRC_COUNTRY(Kind.TEXT),
  DST_COUNTRY(Kind.TEXT),
  SRC_CITY(Kind.TEXT),
  DST_CITY(Kind.TEXT),
  DIRECTION(Kind.TEXT),
  TOS(Kind.NUMBER),
  INTERFACE(Kind.NUMBER),
  INTERFACE_DIRECTION(Kind.TEXT);

  /** How a value is encoded in a series key. */
  public enum Kind { ADDRESS, NUMBER, TEXT }

  private final Kind kind;

  Dimension(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The configuration name and the metric label: {@code src_ip}; the interfaces' direction is {@code direction}. */
  public String label() {
    return this == INTERFACE_DIRECTION ? "direction" : name().toLowerCase(Locale.ROOT);
  }

  /** The dimensions a configured aggregation may name. */
  public static List<Dimension> configurable() {
    return Arrays.stream(values()).filter(d -> d != INTERFACE && d != INTERFACE_DIRECTION).toList();
  }

  /** The configurable dimension called {@code name}, if any. */
  public static Optional<Dimension> byName(String name) {
    return configurable().stream().filter(d -> d.label().equals(name)).findFirst();
  }
}
