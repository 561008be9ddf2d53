package io.flowlens.demo.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.demo.model.RouterProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the exact bytes each encoder writes for the known flows: a golden file per configuration in
 * src/test/resources/encoded, one datagram a line in hex. The dissection tests say the fields are
 * right; this one says nothing else moved, so the encoders can be reshaped without changing a byte.
 * On a mismatch the actual bytes go to target/encoded/NAME.hex; after an intended change of the
 * wire format (checked with the dissection tests), copy that file over the golden one.
 */
class EncodedBytesTest {
  private static final byte[] AGENT = {10, (byte) 255, 0, 11};

  static Stream<Arguments> configurations() {
    return Stream.of(
        golden("netflow9-unsampled", () -> new NetflowV9Encoder(101, 1, TestFlows.BOOT, 3, 1400)),
        golden("netflow9-sampled", () -> new NetflowV9Encoder(102, 512, TestFlows.BOOT, 3, 1400)),
        golden("ipfix-unsampled", () -> new IpfixEncoder(101, 1, 3, 1400)),
        golden("ipfix-sampled", () -> new IpfixEncoder(103, 1000, 3, 1400)),
        golden("sflow", () -> new SflowEncoder(RouterProfile.simulated(0, AGENT), 64, TestFlows.BOOT, 2, 1400)));
  }

  private static Arguments golden(String name, Supplier<DatagramEncoder> encoder) {
    return Arguments.of(name, encoder);
  }

  /** Four full datagrams (templates or counters in the first and the last) and three small ones. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void shouldWriteTheSameBytesAsTheGoldenFile(String name, Supplier<DatagramEncoder> encoder) throws IOException {
    TestFlows.Cycle source = new TestFlows.Cycle(TestFlows.all());
    DatagramEncoder e = encoder.get();
    EncodedDatagrams full = EncodedDatagrams.encode(e, source, 4, 1000);
    EncodedDatagrams small = EncodedDatagrams.encode(e, source, 3, 2);
    StringBuilder actual = new StringBuilder();
    for (EncodedDatagrams part : List.of(full, small)) {
      for (byte[] d : part.datagrams) {
        actual.append(HexFormat.of().formatHex(d)).append('\n');
      }
    }

    String expected = new String(
        getClass().getResourceAsStream("/encoded/" + name + ".hex").readAllBytes(), StandardCharsets.US_ASCII);
    if (!expected.contentEquals(actual)) {
      Path dump = Path.of("target", "encoded", name + ".hex");
      Files.createDirectories(dump.getParent());
      Files.writeString(dump, actual, StandardCharsets.US_ASCII);
    }
    assertThat(actual.toString()).as("bytes of %s (actual in target/encoded/%s.hex)", name, name).isEqualTo(expected);
  }
}
