package io.flowlens.decoders.sflow;

import static io.flowlens.decoders.sflow.Frames.address;
import static io.flowlens.decoders.sflow.Frames.concat;
import static io.flowlens.decoders.sflow.Frames.ethernet;
import static io.flowlens.decoders.sflow.Frames.ipv6;
import static io.flowlens.decoders.sflow.Frames.ipv6Address;
import static io.flowlens.decoders.sflow.Frames.ipv6Fragment;
import static io.flowlens.decoders.sflow.Frames.ipv6Options;
import static io.flowlens.decoders.sflow.Frames.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives, {@link SflowDecoder#decode} returns (never throws) and allocates in proportion
 * to the datagram, not to the lengths and counts written in it: random bytes, and real datagrams
 * with bits flipped, cut short, or with an aligned word (where XDR keeps every length and count)
 * set to a huge value.
 *
 * <p>Real datagrams: every sFlow capture of the shared test data and the first datagrams of the
 * pmacct export when ../shared/testdata is present, and always a few handcrafted ones, so that the
 * properties test something either way.
 */
class SflowDecoderProperties {
  private static final ExportSource SOURCE = new ExportSource(address(10, 9, 9, 9), 6343, 1_700_000_000_000L);
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final long[] HUGE = {0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0x7FFFFFF8L, 0x00FFFFFFL, 0x0000FFFFL, 65536};
  private static final List<byte[]> CORPUS = corpus();

  private final SflowDecoder decoder = new SflowDecoder();

  @Property
  void randomBytesNeverThrowNorAllocateBeyondTheDatagram(@ForAll("randomDatagrams") byte[] datagram) {
    decodeWithinBound(datagram);
  }

  @Property
  void bitFlippedDatagramsNeverThrowNorAllocateBeyondTheDatagram(@ForAll("bitFlipped") byte[] datagram) {
    decodeWithinBound(datagram);
  }

  @Property
  void truncatedDatagramsNeverThrowNorAllocateBeyondTheDatagram(@ForAll("truncated") byte[] datagram) {
    decodeWithinBound(datagram);
  }

  @Property
  void hugeLengthsAndCountsNeverThrowNorAllocateBeyondTheDatagram(@ForAll("hugeWords") byte[] datagram) {
    decodeWithinBound(datagram);
  }

  /**
   * Decodes twice and measures the second decode: the first takes the one-time costs of the JVM
   * (class loading, bootstrapping the string concatenation of a malformed() message the first time
   * a call site runs), which are no allocation in proportion to anything; the second follows the
   * same path and allocates only what the decoder itself does for this input.
   */
  private void decodeWithinBound(byte[] datagram) {
    decoder.decode(Unpooled.wrappedBuffer(datagram), SOURCE);
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    DecodeResult result = decoder.decode(Unpooled.wrappedBuffer(datagram), SOURCE);
    long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
    assertThat(result).isNotNull();
    assertThat(allocated).as("bytes allocated decoding %d bytes", datagram.length)
        .isLessThanOrEqualTo(64 * 1024 + 64L * datagram.length);
  }

  @Provide
  Arbitrary<byte[]> randomDatagrams() {
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
    // Random bytes behind a valid version and address type reach the sample walk.
    Arbitrary<byte[]> behindHeader = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500)
        .map(tail -> concat(new byte[] {0, 0, 0, 5, 0, 0, 0, 1}, tail));
    return Arbitraries.oneOf(noise, behindHeader);
  }

  @Provide
  Arbitrary<byte[]> bitFlipped() {
    return Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8))
        .as((original, positions) -> {
          byte[] d = original.clone();
          for (int position : positions) {
            int bit = position % (d.length * 8);
            d[bit / 8] ^= (byte) (1 << (bit % 8));
          }
          return d;
        });
  }

  @Provide
  Arbitrary<byte[]> truncated() {
    return Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.doubles().between(0, 1))
        .as((original, fraction) -> Arrays.copyOf(original, (int) (original.length * fraction)));
  }

  @Provide
  Arbitrary<byte[]> hugeWords() {
    return Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, HUGE.length - 1).list().ofMinSize(3).ofMaxSize(3))
        .as((original, positions, values) -> {
          byte[] d = original.clone();
          for (int i = 0; i < positions.size(); i++) {
            int at = (positions.get(i) % (d.length / 4)) * 4;
            long value = HUGE[values.get(i)];
            d[at] = (byte) (value >>> 24);
            d[at + 1] = (byte) (value >>> 16);
            d[at + 2] = (byte) (value >>> 8);
            d[at + 3] = (byte) value;
          }
          return d;
        });
  }

  private static List<byte[]> corpus() {
    List<byte[]> corpus = new ArrayList<>();
    byte[] ipv6Frame = concat(ethernet(2, 1, 0x86DD), ipv6(0, 0, ipv6Address(1), ipv6Address(2)), ipv6Options(44, 0),
        ipv6Fragment(6, 0), tcp(1, 2, 3));
    corpus.add(SflowDatagrams.datagram(address(10, 0, 0, 1), 1, 1,
        SflowDatagrams.flowSample(1, 5, 10, 5, 6, SflowDatagrams.extendedSwitch(10, 20),
            SflowDatagrams.rawHeader(1, 1518, ipv6Frame),
            SflowDatagrams.extendedRouter(address(10, 1, 1, 1), 24, 24),
            SflowDatagrams.extendedGateway(ipv6Address(5), 1, 2, 3, new long[][] {{4, 5}, {6}})),
        SflowDatagrams.counterSample(false),
        SflowDatagrams.expandedFlowSample(2, 10, 0, 1, 0, 2,
            SflowDatagrams.sampledEthernet(100, 1, 2, 0x0800),
            SflowDatagrams.sampledIp(86, 17, address(1, 2, 3, 4), address(5, 6, 7, 8), 1, 2, 0, 0))));
    SharedTestdata.dir().ifPresent(dir -> {
      Path captures = dir.resolve("captures");
      try (Stream<Path> files = Files.list(captures.resolve("sflow"))) {
        for (Path pcap : files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList()) {
          PcapReader.read(pcap).forEach(d -> corpus.add(d.payload()));
        }
        List<UdpDatagram> export = PcapReader.read(captures.resolve("exporters").resolve("export_sflow.pcap"));
        export.stream().limit(20).forEach(d -> corpus.add(d.payload()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return corpus;
  }
}
