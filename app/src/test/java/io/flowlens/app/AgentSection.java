package io.flowlens.app;

/** The {@code agent:} section of the configurations the integration tests run processes with. */
final class AgentSection {
  /**
   * HTTP and one listener per protocol, each on a free port of the loopback address: tests that run
   * side by side never collide, and nothing listens beyond the machine.
   */
  static final String ON_LOOPBACK = """
      agent:
        http:
          address: 127.0.0.1
          port: 0
        listeners:
          - {protocol: netflow9, address: 127.0.0.1, port: 0}
          - {protocol: ipfix, address: 127.0.0.1, port: 0}
          - {protocol: sflow, address: 127.0.0.1, port: 0}
      """;

  private AgentSection() {}
}
