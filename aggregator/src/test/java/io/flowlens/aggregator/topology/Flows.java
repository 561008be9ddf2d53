package io.flowlens.aggregator.topology;

import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Flow records for tests. */
public final class Flows {
  private Flows() {}

  /** A TCP flow of 1000 bytes in 10 packets from exporter 192.0.2.1, interfaces 1 -> 2, received at {@code receivedMs}. */
  public static FlowRecord.Builder flow(String src, String dst, long receivedMs) {
    return FlowRecord.newBuilder()
        .setType(FlowType.IPFIX)
        .setTimeReceivedMs(receivedMs)
        .setExporterAddress(address("192.0.2.1"))
        .setSrcAddr(address(src))
        .setDstAddr(address(dst))
        .setSrcPort(40000)
        .setDstPort(443)
        .setProto(6)
        .setInIf(1)
        .setOutIf(2)
        .setBytes(1000)
        .setPackets(10)
        .setFlowStartMs(receivedMs - 1000)
        .setFlowEndMs(receivedMs - 500)
        .setDirection(FlowDirection.INGRESS);
  }

  public static ByteBuffer address(String text) {
    try {
      return ByteBuffer.wrap(InetAddress.getByName(text).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
