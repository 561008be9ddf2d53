package io.flowlens.decoders;

/**
 * Why data was not turned into flow records: the {@code reason} label of
 * {@code flow_dropped_records_total}. The decoder reports the first five; the agent adds the rest.
 */
public enum DropReason {
  /** A length, count or value from the wire that the datagram cannot back. */
  MALFORMED("malformed"),
  /** A version field that names no protocol this listener decodes. */
  UNSUPPORTED_VERSION("unsupported_version"),
  /** A data set whose template is not known (never seen, expired, or withdrawn). */
  TEMPLATE_MISSING("template_missing"),
  /** A template that the cache refused because the exporter holds too many. */
  TEMPLATE_LIMIT("template_limit"),
  /** An sFlow sample or record type this decoder does not understand (skipped by its length). */
  UNSUPPORTED_RECORD("unsupported_record"),
  /** The worker queue was full when the datagram arrived. */
  QUEUE_FULL("queue_full"),
  /** The exporter is not in the configured allow-list. */
  EXPORTER_NOT_ALLOWED("exporter_not_allowed"),
  /** Kafka refused or timed out the record. */
  KAFKA_ERROR("kafka_error");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
