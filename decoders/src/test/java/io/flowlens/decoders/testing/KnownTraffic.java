package io.flowlens.decoders.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Synthetic traffic with known per-flow totals: unidirectional TCP, UDP and ICMP/ICMPv6 flows over
 * IPv4 and IPv6 (no flow is the reverse of another, so bidirectional exporters report each once),
 * written as Ethernet frames to a pcap file.
 */
public final class KnownTraffic {
  /** One flow: its key fields and how many packets of which IP lengths it carries. */
  public record Flow(byte[] src, int sport, byte[] dst, int dport, int proto, int[] payloads) {
    public boolean ipv6() {
      return src.length == 16;
    }

    /** IP total length of packet {@code i} (IPv6: payload length + 40). */
    public int ipLength(int i) {
      int l4 = proto == 6 ? 20 : 8;
      return (ipv6() ? 40 : 20) + l4 + payloads[i];
    }

    public String key() {
      boolean icmp = proto == 1 || proto == 58;
      return GroundTruth.key(src, icmp ? 0 : sport, dst, icmp ? 0 : dport, proto);
    }
  }

  public static final byte[] FILLER_SRC = {(byte) 192, 0, 2, 1};
  public static final byte[] FILLER_DST = {(byte) 192, 0, 2, 2};

  private final List<Flow> flows = new ArrayList<>();

  public KnownTraffic(int count) {
    this(count, 1);
  }

  /**
   * {@code count} flows from 10.{@code network}.0.x to 10.{@code network+1}.0.x (IPv6: 2001:db8:{@code network}::x
   * to 2001:db8:{@code network+1}::x), so that traffic made with different networks has distinct flows.
   */
  public KnownTraffic(int count, int network) {
    if (count < 1 || count > 250 || network < 1 || network > 250) {
      throw new IllegalArgumentException("1..250 flows in networks 1..250");
    }
    for (int i = 0; i < count; i++) {
      boolean v6 = i % 3 == 2;
      int proto = switch (i % 4) {
        case 0, 1 -> 6;
        case 2 -> 17;
        default -> v6 ? 58 : 1;
      };
      int packets = 1 + (i * 7) % 13;
      int[] payloads = new int[packets];
      for (int k = 0; k < packets; k++) {
        payloads[k] = 20 + (i * 37 + k * 211) % 1200;
      }
      byte[] src = v6 ? v6(network, i) : new byte[] {10, (byte) network, 0, (byte) (i + 1)};
      byte[] dst = v6 ? v6(network + 1, i) : new byte[] {10, (byte) (network + 1), 0, (byte) (i + 1)};
      flows.add(new Flow(src, 20_000 + i, dst, proto == 17 ? 53 : 443, proto, payloads));
    }
  }

  private static byte[] v6(int subnet, int host) {
    byte[] a = new byte[16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = (byte) 0xb8;
    a[5] = (byte) subnet;
    a[15] = (byte) (host + 1);
    return a;
  }

  public List<Flow> flows() {
    return List.copyOf(flows);
  }

  /** Per-flow packets and bytes; {@code sflowBytes} counts frame bytes + 4 (FCS) as sFlow's frame_length. */
  public Map<String, GroundTruth.Totals> totals(boolean sflowBytes) {
    Map<String, GroundTruth.Totals> out = new TreeMap<>();
    for (Flow f : flows) {
      long bytes = 0;
      for (int i = 0; i < f.payloads().length; i++) {
        bytes += sflowBytes ? 14 + f.ipLength(i) + 4 : f.ipLength(i);
      }
      out.put(f.key(), new GroundTruth.Totals(f.payloads().length, bytes));
    }
    return out;
  }

  /** Writes the flows' packets interleaved, 5 ms apart, then {@code fillers} UDP packets 192.0.2.1 -> 192.0.2.2. */
  public void write(Path file, int fillers) throws IOException {
    long t = 1_700_000_000_000_000L;
    try (PcapWriter pcap = new PcapWriter(file)) {
      int longest = flows.stream().mapToInt(f -> f.payloads().length).max().orElse(0);
      for (int k = 0; k < longest; k++) {
        for (Flow f : flows) {
          if (k < f.payloads().length) {
            pcap.writeFrame(t, frame(f, k));
            t += 5_000;
          }
        }
      }
      Flow filler = new Flow(FILLER_SRC, 9, FILLER_DST, 9, 17, new int[] {100});
      for (int i = 0; i < fillers; i++) {
        pcap.writeFrame(t, frame(filler, 0));
        t += 5_000;
      }
    }
  }

  public static byte[] frame(Flow f, int k) {
    int ipLength = f.ipLength(k);
    ByteBuffer b = ByteBuffer.allocate(14 + ipLength);
    b.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) (f.ipv6() ? 0x86DD : 0x0800));
    int l3 = b.position();
    if (f.ipv6()) {
      b.putInt(0x6000_0000).putShort((short) (ipLength - 40)).put((byte) f.proto()).put((byte) 64).put(f.src()).put(f.dst());
    } else {
      b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) k).putShort((short) 0x4000)
          .put((byte) 64).put((byte) f.proto()).putShort((short) 0).put(f.src()).put(f.dst());
      b.putShort(l3 + 10, PcapWriter.ipChecksum(b.array(), l3, 20));
    }
    switch (f.proto()) {
      case 6 -> b.putShort((short) f.sport()).putShort((short) f.dport()).putInt(1000 + k * 1500).putInt(0)
          .putShort((short) 0x5018).putShort((short) 65_535).putShort((short) 0).putShort((short) 0);
      case 17 -> b.putShort((short) f.sport()).putShort((short) f.dport()).putShort((short) (8 + f.payloads()[k]))
          .putShort((short) 0);
      default -> b.put((byte) (f.proto() == 58 ? 128 : 8)).put((byte) 0).putShort((short) 0)
          .putShort((short) f.sport()).putShort((short) k);
    }
    return b.array();
  }
}
