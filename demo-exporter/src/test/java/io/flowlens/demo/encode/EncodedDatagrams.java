package io.flowlens.demo.encode;

import io.flowlens.decoders.testing.PcapWriter;
import io.flowlens.demo.model.FlowSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs an encoder for a number of datagrams and keeps copies of what it wrote. */
final class EncodedDatagrams {
  final List<byte[]> datagrams = new ArrayList<>();
  final List<Integer> flowCounts = new ArrayList<>();

  static EncodedDatagrams encode(DatagramEncoder encoder, FlowSource source, int datagrams, int maxFlows) {
    EncodedDatagrams result = new EncodedDatagrams();
    ByteBuffer out = ByteBuffer.allocate(encoder.maxDatagramBytes());
    for (int i = 0; i < datagrams; i++) {
      int flows = encoder.encode(out, source, maxFlows, TestFlows.NOW + i);
      byte[] copy = new byte[out.remaining()];
      out.get(copy);
      result.datagrams.add(copy);
      result.flowCounts.add(flows);
    }
    return result;
  }

  int totalFlows() {
    return flowCounts.stream().mapToInt(Integer::intValue).sum();
  }

  ByteBuffer get(int i) {
    return ByteBuffer.wrap(datagrams.get(i));
  }

  /** tshark's dissection ({@link Tshark#dissect}) of these datagrams, sent to UDP {@code port}. */
  List<Map<String, List<String>>> dissect(Path dir, int port, String... tsharkArgs) throws IOException, InterruptedException {
    Path pcap = dir.resolve("encoded.pcap");
    PcapWriter.writeDatagrams(pcap, datagrams, port);
    return Tshark.dissect(pcap, tsharkArgs);
  }

  /** The same, with tshark told to read {@code port} as NetFlow / IPFIX ("cflow"). */
  List<Map<String, List<String>>> dissectAsCflow(Path dir, int port) throws IOException, InterruptedException {
    return dissect(dir, port, "-d", "udp.port==" + port + ",cflow");
  }
}
