package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import io.flowlens.demo.model.RouterInterface;
import io.flowlens.demo.model.RouterProfile;
import io.flowlens.demo.model.SyntheticFlow;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * sFlow version 5 datagrams (sflow_version_5.txt) of one agent. Every flow becomes one flow sample
 * (enterprise 0, format 1) holding one sampled packet as a raw packet header record (format 1,
 * header protocol 1 = Ethernet) built from the flow: frame length = the flow's mean IP packet
 * size plus Ethernet framing and FCS, source id = input interface.
 *
 * <pre>
 *  Datagram header (28 bytes)                  Flow sample                  Raw packet header
 *  | version = 5                       |       | tag 0:1 | length |         | tag 0:1 | length     |
 *  | agent address type = 1 (IPv4)     |       | sequence (per source)    | | header protocol = 1  |
 *  | agent address                     |       | source id (type, index)  | | frame length         |
 *  | sub-agent id                      |       | sampling rate | pool     | | stripped (FCS) = 4   |
 *  | sequence number (+1 per datagram) |       | drops | input | output   | | header length        |
 *  | uptime (ms)                       |       | record count = 1         | | header bytes, pad 4  |
 *  | sample count                      |
 * </pre>
 *
 * Every {@code counterInterval}-th datagram also carries one counter sample (format 2) with
 * generic interface counters for the next interface in turn; its octet and packet counters add up
 * the traffic the flow samples stand for (frame length times sampling rate).
 */
public final class SflowEncoder implements DatagramEncoder {
  public static final int HEADER_LENGTH = 28;
  /** Flow sample without the header bytes: sample header, sample fields, record header, record fields. */
  static final int FLOW_SAMPLE_FIXED_LENGTH = 8 + 32 + 8 + 16;
  static final int COUNTER_SAMPLE_LENGTH = 8 + 12 + 8 + 88;
  private static final int FCS_LENGTH = 4;

  private final RouterProfile router;
  private final long samplingRate;
  private final long bootMillis;
  private final int counterInterval;
  private final int maxDatagramBytes;
  private final List<RouterInterface> interfaces;
  private final long[] flowSampleSequence;
  private final long[] samplePool;
  private final long[] counterSampleSequence;
  private final long[] inOctets;
  private final long[] inPackets;
  private final long[] outOctets;
  private final long[] outPackets;
  private final SyntheticFlow pending = new SyntheticFlow();
  private boolean hasPending;
  private long sequence;
  private int nextCounterInterface;

  /**
   * @param router the agent: its address (IPv4) and interfaces
   * @param samplingRate 1-in-N packet sampling rate written into every flow sample
   * @param bootMillis Unix epoch milliseconds at which the agent booted (uptime 0)
   * @param counterInterval every this many datagrams carry a counter sample
   * @param maxDatagramBytes no datagram exceeds this size
   */
  public SflowEncoder(RouterProfile router, long samplingRate, long bootMillis, int counterInterval, int maxDatagramBytes) {
    if (router.agentAddress().length != 4) {
      throw new IllegalArgumentException("the sFlow agent address must be IPv4");
    }
    if (counterInterval < 1) {
      throw new IllegalArgumentException("counterInterval must be at least 1, got " + counterInterval);
    }
    int worst = HEADER_LENGTH + COUNTER_SAMPLE_LENGTH + FLOW_SAMPLE_FIXED_LENGTH + PacketHeaderWriter.MAX_LENGTH + 2;
    if (maxDatagramBytes < worst) {
      throw new IllegalArgumentException("maxDatagramBytes " + maxDatagramBytes + " cannot hold a counter and a flow sample");
    }
    this.router = router;
    this.samplingRate = samplingRate;
    this.bootMillis = bootMillis;
    this.counterInterval = counterInterval;
    this.maxDatagramBytes = maxDatagramBytes;
    this.interfaces = router.interfaces();
    // One slot per interface, plus one for flows on interfaces the profile does not list.
    int n = interfaces.size() + 1;
    this.flowSampleSequence = new long[n];
    this.samplePool = new long[n];
    this.counterSampleSequence = new long[n];
    this.inOctets = new long[n];
    this.inPackets = new long[n];
    this.outOctets = new long[n];
    this.outPackets = new long[n];
  }

  /** The bytes a flow sample of {@code f} takes. */
  static int flowSampleLength(SyntheticFlow f) {
    return FLOW_SAMPLE_FIXED_LENGTH + pad(PacketHeaderWriter.headerLength(f));
  }

  @Override
  public int encode(ByteBuffer out, FlowSource flows, int maxFlows, long nowMillis) {
    if (maxFlows < 1) {
      throw new IllegalArgumentException("maxFlows must be at least 1, got " + maxFlows);
    }
    boolean counters = sequence % counterInterval == 0;
    out.clear();
    out.putInt(5);
    out.putInt(1);
    out.put(router.agentAddress());
    out.putInt(0);
    out.putInt((int) (sequence + 1));
    out.putInt((int) (nowMillis - bootMillis));
    out.putInt(0);
    int limit = maxDatagramBytes - (counters ? COUNTER_SAMPLE_LENGTH : 0);
    int written = 0;
    while (written < maxFlows) {
      if (!hasPending) {
        flows.next(pending, nowMillis);
        hasPending = true;
      }
      if (out.position() + flowSampleLength(pending) > limit) {
        break;
      }
      writeFlowSample(out, pending);
      hasPending = false;
      written++;
    }
    int samples = written;
    if (counters) {
      writeCounterSample(out, nowMillis);
      samples++;
    }
    out.putInt(24, samples);
    out.flip();
    sequence++;
    return written;
  }

  private void writeFlowSample(ByteBuffer out, SyntheticFlow f) {
    int in = slot(f.inputInterface);
    int out1 = slot(f.outputInterface);
    int headerLength = PacketHeaderWriter.headerLength(f);
    int l2 = 14 + (f.vlan != 0 ? 4 : 0);
    int minIp = PacketHeaderWriter.ipHeaderLength(f) + PacketHeaderWriter.transportHeaderLength(f);
    int ipLength = (int) Math.max(minIp, Math.min(1500, f.octets / Math.max(1, f.packets)));
    int frameLength = l2 + ipLength + FCS_LENGTH;
    long seq = ++flowSampleSequence[in];
    samplePool[in] += samplingRate;
    inOctets[in] += (long) frameLength * samplingRate;
    inPackets[in] += samplingRate;
    outOctets[out1] += (long) frameLength * samplingRate;
    outPackets[out1] += samplingRate;

    int start = out.position();
    out.putInt(1); // enterprise 0, format 1: flow sample
    out.putInt(0);
    out.putInt((int) seq);
    out.putInt(f.inputInterface); // source id type 0 (ifIndex)
    out.putInt((int) samplingRate);
    out.putInt((int) samplePool[in]);
    out.putInt(0); // drops
    out.putInt(f.inputInterface);
    out.putInt(f.outputInterface);
    out.putInt(1);
    out.putInt(1); // enterprise 0, format 1: raw packet header
    out.putInt(16 + pad(headerLength));
    out.putInt(1); // header protocol: Ethernet
    out.putInt(frameLength);
    out.putInt(FCS_LENGTH); // stripped
    out.putInt(headerLength);
    PacketHeaderWriter.write(out, f, ipLength, (int) seq);
    for (int i = headerLength; i < pad(headerLength); i++) {
      out.put((byte) 0);
    }
    out.putInt(start + 4, out.position() - start - 8);
  }

  private void writeCounterSample(ByteBuffer out, long nowMillis) {
    int i = nextCounterInterface;
    nextCounterInterface = (i + 1) % interfaces.size();
    RouterInterface itf = interfaces.get(i);
    out.putInt(2); // enterprise 0, format 2: counter sample
    out.putInt(12 + 8 + 88);
    out.putInt((int) ++counterSampleSequence[i]);
    out.putInt(itf.ifIndex());
    out.putInt(1);
    out.putInt(1); // enterprise 0, format 1: generic interface counters
    out.putInt(88);
    out.putInt(itf.ifIndex());
    out.putInt(6); // ifType ethernetCsmacd
    out.putLong(itf.speedBitsPerSecond());
    out.putInt(1); // ifDirection full-duplex
    out.putInt(3); // ifStatus: admin up, oper up
    out.putLong(inOctets[i]);
    out.putInt((int) inPackets[i]); // ifInUcastPkts
    out.putInt(0); // ifInMulticastPkts
    out.putInt(0); // ifInBroadcastPkts
    out.putInt(0); // ifInDiscards
    out.putInt(0); // ifInErrors
    out.putInt(0); // ifInUnknownProtos
    out.putLong(outOctets[i]);
    out.putInt((int) outPackets[i]); // ifOutUcastPkts
    out.putInt(0); // ifOutMulticastPkts
    out.putInt(0); // ifOutBroadcastPkts
    out.putInt(0); // ifOutDiscards
    out.putInt(0); // ifOutErrors
    out.putInt(0); // ifPromiscuousMode
  }

  private int slot(int ifIndex) {
    for (int i = 0; i < interfaces.size(); i++) {
      if (interfaces.get(i).ifIndex() == ifIndex) {
        return i;
      }
    }
    return interfaces.size();
  }

  private static int pad(int length) {
    return (length + 3) & ~3;
  }

  @Override
  public int maxFlowsPerDatagram() {
    return (maxDatagramBytes - HEADER_LENGTH) / (FLOW_SAMPLE_FIXED_LENGTH + 14 + 20 + 8);
  }

  @Override
  public int maxDatagramBytes() {
    return maxDatagramBytes;
  }
}
