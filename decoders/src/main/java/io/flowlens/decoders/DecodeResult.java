package io.flowlens.decoders;

import io.flowlens.schema.FlowRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a decoder made of one datagram: the flow records, what else it carried (templates, options
 * records, counter samples), what it had to drop and why, and the header fields that sequence
 * tracking needs. Filled by the decoder, read by the caller; one instance per datagram.
 */
public final class DecodeResult {
  private final ArrayList<FlowRecord> flows = new ArrayList<>();
  /** Created on the first drop: most datagrams have none. */
  private Map<DropReason, Integer> drops;
  private Protocol protocol = Protocol.UNKNOWN;
  private int templateRecords;
  private int optionsRecords;
  private int counterSamples;
  private String malformedDetail;
  private long observationDomainId;
  private long sequenceNumber;
  private boolean hasSequence;
  private long sequenceIncrement;
  private boolean sequenceIncrementKnown = true;

  public DecodeResult protocol(Protocol protocol) {
    this.protocol = protocol;
    return this;
  }

  public void addFlow(FlowRecord flow) {
    flows.add(flow);
  }

  /**
   * Tells that about {@code count} more flows are coming, so that the list holding them grows once
   * rather than step by step; a hint only, any number of flows may still be added.
   */
  public void expectFlows(int count) {
    if (count > 0) {
      flows.ensureCapacity(flows.size() + count);
    }
  }

  public void addTemplateRecords(int count) {
    templateRecords += count;
  }

  public void addOptionsRecords(int count) {
    optionsRecords += count;
  }

  public void addCounterSamples(int count) {
    counterSamples += count;
  }

  /** Counts {@code count} records (or, for a set without template, sets) dropped for {@code reason}. */
  public void drop(DropReason reason, int count) {
    if (drops == null) {
      drops = new EnumMap<>(DropReason.class);
    }
    drops.merge(reason, count, Integer::sum);
  }

  /**
   * Marks the rest of the datagram malformed: counts one {@link DropReason#MALFORMED} and keeps a
   * description with the byte offset for a (rate-limited) log line. Records decoded before stay.
   */
  public void malformed(String what, int offset) {
    drop(DropReason.MALFORMED, 1);
    if (malformedDetail == null) {
      malformedDetail = String.format("%s [0x%04X]", what, offset);
    }
  }

  /**
   * Records the header's sequence number. {@code increment} is how far this datagram moves the
   * exporter's sequence: 1 for NetFlow v9 and sFlow (datagram counters), the number of data records
   * for NetFlow v5 and IPFIX (record counters).
   */
  public void sequence(long observationDomainId, long sequenceNumber, long increment) {
    sequence(observationDomainId, sequenceNumber, increment, true);
  }

  /**
   * Records the header's sequence number, saying whether {@code increment} is the whole of how far
   * the datagram moves the sequence. It is not when the datagram held records the decoder could not
   * count: IPFIX counts every data record, and the records of a set whose template is unknown, or
   * after a malformed one, cannot be counted. A loss tracker then resynchronises on the next
   * datagram rather than report those records as lost.
   *
   * @param increment the records counted (a lower bound when {@code incrementKnown} is false)
   */
  public void sequence(long observationDomainId, long sequenceNumber, long increment, boolean incrementKnown) {
    this.observationDomainId = observationDomainId;
    this.sequenceNumber = sequenceNumber;
    this.sequenceIncrement = increment;
    this.sequenceIncrementKnown = incrementKnown;
    this.hasSequence = true;
  }

  public Protocol protocol() {
    return protocol;
  }

  public List<FlowRecord> flows() {
    return Collections.unmodifiableList(flows);
  }

  public int templateRecords() {
    return templateRecords;
  }

  public int optionsRecords() {
    return optionsRecords;
  }

  public int counterSamples() {
    return counterSamples;
  }

  /** Drops by reason (unmodifiable view). */
  public Map<DropReason, Integer> drops() {
    return drops == null ? Map.of() : Collections.unmodifiableMap(drops);
  }

  public int dropped(DropReason reason) {
    return drops == null ? 0 : drops.getOrDefault(reason, 0);
  }

  /** Why the datagram was cut short, with the byte offset; null when it was not. */
  public String malformedDetail() {
    return malformedDetail;
  }

  public boolean hasSequence() {
    return hasSequence;
  }

  public long observationDomainId() {
    return observationDomainId;
  }

  public long sequenceNumber() {
    return sequenceNumber;
  }

  public long sequenceIncrement() {
    return sequenceIncrement;
  }

  /** False when {@link #sequenceIncrement()} is only a lower bound (see the four-argument {@code sequence}). */
  public boolean sequenceIncrementKnown() {
    return sequenceIncrementKnown;
  }
}
