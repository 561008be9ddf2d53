package io.flowlens.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The export protocols the demo exporter speaks, named as on the command line. */
public enum DemoProtocol {
  NETFLOW9("netflow9"),
  IPFIX("ipfix"),
  SFLOW("sflow");

  private final String cliName;

  DemoProtocol(String cliName) {
    this.cliName = cliName;
  }

  /** The name used by {@code --protocol} and in log lines. */
  public String cliName() {
    return cliName;
  }

  /**
   * The protocol named {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the option and the accepted values
   */
  public static DemoProtocol parse(String name) {
    for (DemoProtocol p : values()) {
      if (p.cliName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("--protocol must be one of "
        + Arrays.stream(values()).map(DemoProtocol::cliName).collect(Collectors.joining("|")) + ", got " + name);
  }
}
