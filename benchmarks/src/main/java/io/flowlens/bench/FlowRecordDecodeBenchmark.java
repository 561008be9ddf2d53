package io.flowlens.bench;

import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordDeserializer;
import io.flowlens.schema.FlowRecordSchemas;
import io.flowlens.schema.FlowRecordSerializer;
import io.flowlens.schema.FlowType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one FlowRecord from the flow topic's bytes, in ns per record: {@link #deserializer()} is the
 * {@link FlowRecordDeserializer} the aggregator uses; {@link #binaryMessageDecoder()} is Avro's
 * {@code BinaryMessageDecoder} over the same schema history, the deserializer's former implementation,
 * kept as the baseline. The record has every field an IPFIX exporter fills, with IPv4 or IPv6 addresses.
 *
 * <p>The decoders are made on another thread than the one decoding, as in the aggregator (the serde is made
 * where the topology is built, and used by the stream threads): Avro's datum readers keep their resolving
 * state per thread and have a shortcut for the thread that made them, which the aggregator does not take.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FlowRecordDecodeBenchmark {
  @Param({"ipv4", "ipv6"})
  public String address;

  private byte[] bytes;
  private FlowRecordDeserializer deserializer;
  private BinaryMessageDecoder<FlowRecord> baseline;

  @Setup
  public void setUp() throws Exception {
    FlowRecord record = record("ipv6".equals(address));
    bytes = new FlowRecordSerializer().serialize("flows", record);
    Thread builder = new Thread(() -> {
      deserializer = new FlowRecordDeserializer();
      baseline = FlowRecord.createDecoder(FlowRecordSchemas.store(List.of()));
    }, "topology-builder");
    builder.start();
    builder.join();
    if (!record.equals(deserializer.deserialize("flows", bytes)) || !record.equals(baseline.decode(bytes))) {
      throw new IllegalStateException("benchmark record does not round-trip");
    }
  }

  @Benchmark
  public FlowRecord deserializer() {
    return deserializer.deserialize("flows", bytes);
  }

  @Benchmark
  public FlowRecord binaryMessageDecoder() throws IOException {
    return baseline.decode(bytes);
  }

  private static FlowRecord record(boolean ipv6) {
    FlowRecord r = new FlowRecord();
    r.setType(FlowType.IPFIX);
    r.setTimeReceivedMs(1_700_000_000_123L);
    r.setExporterAddress(address(ipv6, 1));
    r.setObservationDomainId(7);
    r.setSequenceNumber(123_456_789);
    r.setSamplingRate(1000);
    r.setFlowStartMs(1_699_999_990_000L);
    r.setFlowEndMs(1_700_000_000_000L);
    r.setBytes(1_234_567);
    r.setPackets(1_024);
    r.setSrcAddr(address(ipv6, 2));
    r.setDstAddr(address(ipv6, 3));
    r.setSrcPort(443);
    r.setDstPort(51_000);
    r.setProto(6);
    r.setEtype(ipv6 ? 0x86DD : 0x0800);
    r.setInIf(3);
    r.setOutIf(4);
    r.setTcpFlags(0x1B);
    r.setTos(0xB8);
    r.setNextHop(address(ipv6, 254));
    r.setSrcAs(15_169);
    r.setDstAs(3_320);
    r.setSrcPrefixLen(ipv6 ? 48 : 24);
    r.setDstPrefixLen(ipv6 ? 32 : 16);
    r.setSrcVlan(100);
    r.setSrcMac(0x0011_2233_4455L);
    r.setDstMac(0x0066_7788_99AAL);
    r.setDirection(FlowDirection.INGRESS);
    return r;
  }

  private static ByteBuffer address(boolean ipv6, int host) {
    if (!ipv6) {
      return ByteBuffer.wrap(new byte[] {(byte) 198, 51, 100, (byte) host});
    }
    byte[] a = new byte[16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = (byte) 0xb8;
    a[15] = (byte) host;
    return ByteBuffer.wrap(a);
  }
}
