package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

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
}
