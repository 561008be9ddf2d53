package io.flowlens.decoders.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.schema.AddressText;
import io.flowlens.schema.FlowRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-flow totals keyed by "src sport > dst dport proto" (ICMP ports 0, as flowlens normalises
 * them): from ground_truth.json of the shared exporter captures, or summed from flow records.
 */
public final class GroundTruth {
  /** Packets and bytes of one flow. */
  public record Totals(long packets, long bytes) {
    public Totals plus(Totals other) {
      return new Totals(packets + other.packets, bytes + other.bytes);
    }
  }

  private GroundTruth() {}

  /**
   * The ground truth of captures/exporters. {@code sflowBytes} counts sFlow frame_length (frame plus
   * 4 bytes FCS per packet) instead of IP bytes.
   */
  public static Map<String, Totals> read(Path groundTruthJson, boolean sflowBytes) throws IOException {
    Map<String, Totals> out = new TreeMap<>();
    for (JsonNode f : new ObjectMapper().readTree(groundTruthJson.toFile()).get("flows")) {
      long packets = f.get("packets").asLong();
      long bytes = sflowBytes ? f.get("l2_bytes").asLong() + 4 * packets : f.get("bytes").asLong();
      String key = key(InetAddress.getByName(f.get("src").asText()).getAddress(), f.get("sport").asInt(),
          InetAddress.getByName(f.get("dst").asText()).getAddress(), f.get("dport").asInt(), f.get("proto").asInt());
      out.merge(key, new Totals(packets, bytes), Totals::plus);
    }
    return out;
  }

  /** Sums records per flow (counters as the exporter sent them, not scaled by sampling). */
  public static Map<String, Totals> sum(Collection<FlowRecord> records) {
    Map<String, Totals> out = new TreeMap<>();
    for (FlowRecord r : records) {
      String key = key(bytes(r.getSrcAddr()), r.getSrcPort(), bytes(r.getDstAddr()), r.getDstPort(), r.getProto());
      out.merge(key, new Totals(r.getPackets(), r.getBytes()), Totals::plus);
    }
    return out;
  }

  public static String key(byte[] src, int sport, byte[] dst, int dport, int proto) {
    return AddressText.format(src) + " " + sport + " > " + AddressText.format(dst) + " " + dport + " " + proto;
  }

  /** The bytes of an address buffer, without moving its position. */
  public static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
