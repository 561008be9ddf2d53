package io.flowlens.http;

/** One condition of {@code /readyz}: a component that can say whether it serves yet. */
public interface ReadinessCheck {
  /** A short name for the readiness report, e.g. {@code aggregator}. */
  String name();

  /** Null when ready; otherwise why not, e.g. "Kafka Streams is REBALANCING". */
  String notReadyReason();
}
