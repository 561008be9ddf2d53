package io.flowlens.decoders.template;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.schema.FlowType;

/**
 * What the data records of one datagram share: where it came from, the header fields that place
 * the records in time, the exporter domain's state, and the result being filled. One per datagram.
 */
public final class RecordContext {
  /** Marks a time base the datagram does not give (IPFIX without a known system init time). */
  public static final long UNKNOWN_TIME = Long.MIN_VALUE;
  /**
   * Marks that sysUpTime-relative times count from the domain's systemInitTimeMilliseconds (IPFIX),
   * known only once the datagram's options records are decoded; resolved by {@link #beginFlows()}.
   */
  public static final long SYSTEM_INIT_TIME = Long.MIN_VALUE + 1;

  final FlowType type;
  final long receivedAtMillis;
  final byte[] exporter;
  final long domainId;
  final long sequenceNumber;
  long uptimeBaseMillis;
  final long exportTimeMillis;
  /**
   * The exporter domain: set by {@link SetWalker} once the datagram's template sets are read, null
   * before. Everything that reads it ({@link DataSetDecoder}, the record decoders it calls,
   * {@link #beginFlows()}) is package-private and reached only from {@link SetWalker#decode} after.
   */
  DomainState state;
  final DecodeResult result;
  long defaultSamplingRate;
  private long lastSamplerId = -1;
  private long lastSamplerRate;
  /** Data records (flow and options) decoded so far: the IPFIX sequence increment. */
  int dataRecords;

  /**
   * @param exporter exporter address (4 or 16 bytes), not copied: the caller gives a private copy
   * @param uptimeBaseMillis Unix epoch milliseconds at which the exporter's sysUpTime was 0, or
   *     {@link #UNKNOWN_TIME}, or {@link #SYSTEM_INIT_TIME}
   * @param exportTimeMillis the header's export time (Unix epoch ms), base of delta-microsecond times
   */
  public RecordContext(
      FlowType type,
      long receivedAtMillis,
      byte[] exporter,
      long domainId,
      long sequenceNumber,
      long uptimeBaseMillis,
      long exportTimeMillis,
      DecodeResult result) {
    this.type = type;
    this.receivedAtMillis = receivedAtMillis;
    this.exporter = exporter;
    this.domainId = domainId;
    this.sequenceNumber = sequenceNumber;
    this.uptimeBaseMillis = uptimeBaseMillis;
    this.exportTimeMillis = exportTimeMillis;
    this.result = result;
  }

  /**
   * Fixes what the options records of this datagram decided for its flow records: the sampling
   * rate for records that name no sampler, and the IPFIX system init time. Called between the
   * options pass and the flow pass.
   */
  void beginFlows() {
    defaultSamplingRate = state.singleSamplingRate();
    lastSamplerId = -1;
    if (uptimeBaseMillis == SYSTEM_INIT_TIME) {
      long init = state.systemInitTimeMillis();
      uptimeBaseMillis = init > 0 ? init : UNKNOWN_TIME;
    }
  }

  /** The rate of a sampler; remembers the last one because records of a set usually name the same. */
  long samplingRate(long samplerId) {
    if (samplerId != lastSamplerId) {
      lastSamplerRate = state.samplingRate(samplerId);
      lastSamplerId = samplerId;
    }
    return lastSamplerRate;
  }
}
