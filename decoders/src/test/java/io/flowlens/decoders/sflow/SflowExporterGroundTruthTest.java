package io.flowlens.decoders.sflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.flowlens.schema.AddressText;
import io.flowlens.schema.FlowRecord;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * pmacct's sfprobe exported known traffic (captures/exporters, ground_truth.json: 500 flows with
 * exact packets and bytes) as sFlow; decoding its datagrams must give back that traffic.
 *
 * <p>sFlow's frame_length is the frame as it was on the wire including the 4-byte FCS, which the
 * capture that fed the exporter did not hold: per flow, the expected sFlow bytes are the ground
 * truth's {@code l2_bytes} (frame bytes) plus 4 bytes per packet. ({@code bytes} in the ground truth
 * is the IP total length, what NetFlow counts.)
 */
class SflowExporterGroundTruthTest {
  /** The filler flow appended so that sfprobe sends its last datagram; not part of the ground truth. */
  private static final FlowKey FILLER_PAIR = new FlowKey("192.0.2.1", "192.0.2.2", 0, 0, 0);
  private static final int FCS = 4;

  private final SflowDecoder decoder = new SflowDecoder();

  record FlowKey(String src, String dst, int proto, int srcPort, int dstPort) {
    boolean samePair(FlowKey other) {
      return src.equals(other.src) && dst.equals(other.dst);
    }
  }

  record Totals(long packets, long bytes) {
    Totals plus(long packets, long bytes) {
      return new Totals(this.packets + packets, this.bytes + bytes);
    }
  }

  @Test
  void unsampledExportSumsToTheGroundTruthFlowByFlow() throws IOException {
    Path exporters = SharedTestdata.captures().resolve("exporters");
    Map<FlowKey, Totals> expected = groundTruth(exporters);

    List<FlowRecord> flows = decode(exporters.resolve("export_sflow.pcap"));
    Map<FlowKey, Totals> decoded = new HashMap<>();
    Map<FlowKey, Totals> filler = new HashMap<>();
    for (FlowRecord flow : flows) {
      assertThat(flow.getSamplingRate()).as("sfprobe samples 1:1").isEqualTo(1);
      FlowKey key = key(flow);
      (key.samePair(FILLER_PAIR) ? filler : decoded).merge(key, new Totals(1, flow.getBytes()),
          (a, b) -> a.plus(b.packets(), b.bytes()));
    }

    assertThat(filler).as("the trailing filler flow is in the capture").isNotEmpty();
    assertThat(decoded).as("per (src, dst, proto, ports): packets, l2_bytes + 4 x packets").isEqualTo(expected);
  }

  /**
   * Sampled 1:10, every flow sample says so, and the totals scaled by it estimate the traffic.
   *
   * <p>The bound: if each of the n packets is sampled independently with probability 1/N, the scaled
   * packet count N·k has standard deviation sqrt(n·(N - 1)) and the scaled byte count
   * sqrt((N - 1)·Σ s²) over the packet sizes s. The ground truth gives n and, per flow, the mean
   * size; Σ s² is estimated from those means (sizes within a flow vary little in this traffic). With
   * n = 19,152 and N = 10 that is about 415 packets (2.2 %) and 366 kB (2.6 %); the totals must agree
   * within 4 standard deviations, which an honest decode misses with a chance below 1 in 15,000.
   * A count-based sampler (every N-th packet) is closer still, so the bound is the conservative one.
   * It catches a decoder that ignores or misreads the rate (a factor of 10) or loses or doubles a
   * tenth of the samples; the unsampled test above is the exact one.
   */
  @Test
  void sampledExportScaledBySamplingRateEstimatesTheGroundTruth() throws IOException {
    Path exporters = SharedTestdata.captures().resolve("exporters");
    Map<FlowKey, Totals> truth = groundTruth(exporters);
    long truthPackets = 0;
    long truthBytes = 0;
    double sumSquares = 0;
    for (Totals t : truth.values()) {
      truthPackets += t.packets();
      truthBytes += t.bytes();
      double mean = (double) t.bytes() / t.packets();
      sumSquares += t.packets() * mean * mean;
    }

    List<FlowRecord> flows = decode(exporters.resolve("export_sflow_s10.pcap"));
    long scaledPackets = 0;
    long scaledBytes = 0;
    for (FlowRecord flow : flows) {
      assertThat(flow.getSamplingRate()).as("every sample carries sampling_rate 10").isEqualTo(10);
      if (key(flow).samePair(FILLER_PAIR)) {
        continue;
      }
      scaledPackets += flow.getSamplingRate() * flow.getPackets();
      scaledBytes += flow.getSamplingRate() * flow.getBytes();
    }

    int rate = 10;
    double packetSigma = Math.sqrt((double) (rate - 1) * truthPackets);
    double byteSigma = Math.sqrt((rate - 1) * sumSquares);
    assertThat((double) scaledPackets).as("scaled packets (sigma %.0f)", packetSigma)
        .isBetween(truthPackets - 4 * packetSigma, truthPackets + 4 * packetSigma);
    assertThat((double) scaledBytes).as("scaled bytes (sigma %.0f)", byteSigma)
        .isBetween(truthBytes - 4 * byteSigma, truthBytes + 4 * byteSigma);
  }

  private List<FlowRecord> decode(Path capture) throws IOException {
    List<FlowRecord> flows = new ArrayList<>();
    for (UdpDatagram datagram : PcapReader.read(capture)) {
      DecodeResult result = decoder.decode(Unpooled.wrappedBuffer(datagram.payload()), datagram.source());
      assertThat(result.drops()).as("%s: nothing dropped", datagram).isEmpty();
      flows.addAll(result.flows());
    }
    assertThat(flows).as("flow samples in %s", capture).isNotEmpty();
    return flows;
  }

  /** Per flow: packets and the expected sFlow bytes, l2_bytes + 4 bytes of FCS per packet. */
  private static Map<FlowKey, Totals> groundTruth(Path exporters) throws IOException {
    JsonNode flows = new ObjectMapper().readTree(exporters.resolve("ground_truth.json").toFile()).get("flows");
    Map<FlowKey, Totals> truth = new HashMap<>();
    for (JsonNode f : flows) {
      FlowKey key = new FlowKey(canonical(f.get("src").asText()), canonical(f.get("dst").asText()),
          f.get("proto").asInt(), f.get("sport").asInt(), f.get("dport").asInt());
      long packets = f.get("packets").asLong();
      Totals previous = truth.put(key, new Totals(packets, f.get("l2_bytes").asLong() + FCS * packets));
      assertThat(previous).as("ground truth flow %s is unique", key).isNull();
    }
    return truth;
  }

  private static FlowKey key(FlowRecord flow) {
    return new FlowKey(text(flow.getSrcAddr()), text(flow.getDstAddr()), flow.getProto(), flow.getSrcPort(),
        flow.getDstPort());
  }

  private static String text(ByteBuffer address) {
    byte[] bytes = new byte[address.remaining()];
    address.duplicate().get(bytes);
    return AddressText.format(bytes);
  }

  private static String canonical(String address) throws IOException {
    return AddressText.format(InetAddress.getByName(address).getAddress());
  }
}
