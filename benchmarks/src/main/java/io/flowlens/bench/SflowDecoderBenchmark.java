package io.flowlens.bench;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.sflow.SflowDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sFlow v5 decoding throughput on one core, in flow samples per second: datagrams of
 * {@value #SAMPLES} flow samples as switches send them (extended switch record plus a 128-byte raw
 * header: Ethernet, 802.1Q, IPv4/TCP or IPv6/UDP), each decoded with its header parsed into a
 * FlowRecord. The score is samples/s because of {@link OperationsPerInvocation}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SflowDecoderBenchmark.SAMPLES)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SflowDecoderBenchmark {
  static final int SAMPLES = 7;
  private static final int HEADER_BYTES = 128;

  /** heap: an unpooled heap buffer; direct: a direct buffer, as Netty's datagram channels give. */
  @Param({"heap", "direct"})
  public String buffer;

  private final SflowDecoder decoder = new SflowDecoder();
  private final ExportSource source = new ExportSource(new byte[] {10, 0, 0, 1}, 6343, 1_700_000_000_000L);
  private ByteBuf datagram;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] bytes = datagram();
    datagram = "direct".equals(buffer) ? Unpooled.directBuffer(bytes.length).writeBytes(bytes) : Unpooled.wrappedBuffer(bytes);
    DecodeResult check = decoder.decode(datagram, source);
    if (check.flows().size() != SAMPLES || !check.drops().isEmpty() || check.flows().get(0).getSrcPort() == 0) {
      throw new IllegalStateException("benchmark datagram does not decode: " + check.drops());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    datagram.release();
  }

  @Benchmark
  public DecodeResult decode() {
    return decoder.decode(datagram, source);
  }

  private static byte[] datagram() {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(5).writeInt(1).writeBytes(new byte[] {10, 0, 0, 1});
    b.writeInt(0).writeInt(4711).writeInt(360_000).writeInt(SAMPLES);
    for (int i = 0; i < SAMPLES; i++) {
      ByteBuf sample = Unpooled.buffer();
      sample.writeInt(1000 + i).writeInt(3).writeInt(1024).writeInt(1024 * (1000 + i)).writeInt(0);
      sample.writeInt(3).writeInt(4 + i % 2).writeInt(2);
      ByteBuf vlans = Unpooled.buffer().writeInt(100).writeInt(0).writeInt(200).writeInt(0);
      record(sample, 1001, vlans);
      ByteBuf raw = Unpooled.buffer().writeInt(1).writeInt(1518).writeInt(4).writeInt(HEADER_BYTES);
      raw.writeBytes(i % 2 == 0 ? ipv4Frame(i) : ipv6Frame(i));
      record(sample, 1, raw);
      record(b, 1, sample);
    }
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    return out;
  }

  private static void record(ByteBuf into, int format, ByteBuf body) {
    into.writeInt(format).writeInt(body.readableBytes()).writeBytes(body).writeZero(-into.writerIndex() & 3);
  }

  private static ByteBuf ethernet(int etype) {
    ByteBuf f = Unpooled.buffer(HEADER_BYTES);
    f.writeShort(0x0200).writeInt(2).writeShort(0x0200).writeInt(1);
    f.writeShort(0x8100).writeShort(100).writeShort(etype);
    return f;
  }

  private static byte[] ipv4Frame(int i) {
    ByteBuf f = ethernet(0x0800);
    f.writeByte(0x45).writeByte(0).writeShort(1500).writeInt(0x40000000).writeByte(60).writeByte(6).writeShort(0);
    f.writeInt(0xC0000201 + i).writeInt(0xC6336407);
    f.writeShort(40000 + i).writeShort(443).writeInt(1).writeInt(2).writeByte(0x50).writeByte(0x18).writeShort(512).writeInt(0);
    return pad(f);
  }

  private static byte[] ipv6Frame(int i) {
    ByteBuf f = ethernet(0x86DD);
    f.writeInt(0x60000000).writeShort(1456).writeByte(17).writeByte(64);
    f.writeLong(0x20010db800000000L).writeLong(i + 1).writeLong(0x20010db800000000L).writeLong(0xFF);
    f.writeShort(53).writeShort(50000 + i).writeShort(1456).writeShort(0);
    return pad(f);
  }

  private static byte[] pad(ByteBuf f) {
    f.writeZero(HEADER_BYTES - f.writerIndex());
    byte[] out = new byte[HEADER_BYTES];
    f.readBytes(out);
    return out;
  }
}
