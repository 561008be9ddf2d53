package io.flowlens.decoders;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.template.TemplateCache;
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
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever arrives, {@link NetflowDecoder#decode} returns: random bytes, and real datagrams from
 * the shared captures with bits flipped, cut short, or a 16-bit field (a length or count, often)
 * set to a large value. Each decode also allocates no more than 64 KiB plus 64 bytes per byte of
 * datagram: a length or count the datagram cannot back must never size an allocation.
 */
class NetflowDecoderProperties {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final ExportSource SOURCE = new ExportSource(new byte[] {(byte) 192, 0, 2, 99}, 2055, 1_700_000_000_000L);

  private static final List<byte[]> SEEDS = new ArrayList<>();
  private static TemplateCache cache;

  @BeforeContainer
  static void loadSeeds() {
    cache = new TemplateCache();
    NetflowDecoder decoder = new NetflowDecoder(cache);
    Path captures = SharedTestdata.dir().map(d -> d.resolve("captures")).orElse(null);
    if (captures != null) {
      for (String dir : List.of("netflow", "exporters")) {
        try (Stream<Path> files = Files.list(captures.resolve(dir))) {
          for (Path p : files.filter(f -> f.toString().endsWith(".pcap") && !f.toString().contains("sflow")).sorted().toList()) {
            for (UdpDatagram d : PcapReader.read(p)) {
              SEEDS.add(d.payload());
              // Templates are learnt from the datagram's own exporter address; learn them for SOURCE too.
              decoder.decode(Unpooled.wrappedBuffer(d.payload()), SOURCE);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    // Handcrafted seeds, so that the properties still mean something without the shared captures.
    SEEDS.add(new byte[] {0, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 1, 0, 0, 1, 0, 1, 0, 4});
    SEEDS.add(new byte[] {0, 10, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 8, 1, 0, 0, 0});
    for (byte[] seed : SEEDS) {
      decoder.decode(Unpooled.wrappedBuffer(seed), SOURCE); // warm up: class loading is not the decoder's allocation
    }
  }

  @Property(tries = 2000)
  void randomBytesNeverEscape(@ForAll("randomDatagrams") byte[] datagram) {
    decodeWithinBounds(datagram);
  }

  @Property(tries = 3000)
  void mutatedRealDatagramsNeverEscape(@ForAll("mutatedDatagrams") byte[] datagram) {
    decodeWithinBounds(datagram);
  }

  private static void decodeWithinBounds(byte[] datagram) {
    NetflowDecoder decoder = new NetflowDecoder(cache);
    // The first decode may be the first run of a code path (class loading, string concatenation
    // bootstraps): one-time costs that are not the decoder's. The second decode of the same bytes
    // takes the same paths and is the one measured.
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
    Arbitrary<Integer> version = Arbitraries.of(5, 9, 10, 0, 65535);
    Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
    return Combinators.combine(version, body).as((v, b) -> {
      byte[] d = Arrays.copyOf(new byte[] {(byte) (v >> 8), v.byteValue()}, 2 + b.length);
      System.arraycopy(b, 0, d, 2, b.length);
      return d;
    });
  }

  @Provide
  Arbitrary<byte[]> mutatedDatagrams() {
    Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
    Arbitrary<Integer> position = Arbitraries.integers().between(0, 65535);
    Arbitrary<Integer> value = Arbitraries.oneOf(Arbitraries.of(0, 1, 3, 4, 0x7FFF, 0xFFFF), Arbitraries.integers().between(0, 65535));
    Arbitrary<Integer> count = Arbitraries.integers().between(1, 8);
    return Combinators.combine(seed, kind, position, value, count).as((s, k, pos, val, n) -> {
      byte[] d = s.clone();
      if (d.length < 2) {
        return d;
      }
      switch (k) {
        case 0 -> {
          for (int i = 0; i < n; i++) {
            int at = (pos * (i + 7)) % (d.length * 8);
            d[at / 8] ^= (byte) (1 << (at % 8));
          }
        }
        case 1 -> d = Arrays.copyOf(d, pos % d.length);
        default -> {
          int at = (pos % (d.length / 2)) * 2;
          d[at] = (byte) (val >> 8);
          d[at + 1] = val.byteValue();
        }
      }
      return d;
    });
  }
}
