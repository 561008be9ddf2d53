package io.flowlens.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FlowRecordDeserializerTest {
  private static final String MALFORMED = "not an Avro single-object encoded FlowRecord";

  private static FlowRecord record(int i, boolean ipv6) {
    FlowRecord r = new FlowRecord();
    r.setType(FlowType.NETFLOW_V9);
    r.setTimeReceivedMs(1_700_000_000_000L + i);
    r.setExporterAddress(address(ipv6, 1));
    r.setSequenceNumber(i);
    r.setBytes(1_000L * i);
    r.setPackets(i);
    r.setSrcAddr(address(ipv6, i));
    r.setDstAddr(address(ipv6, i + 1));
    r.setSrcPort(i & 0xFFFF);
    r.setDstPort(443);
    r.setProto(ipv6 ? 17 : 6);
    r.setNextHop(ByteBuffer.allocate(0));
    r.setDirection(FlowDirection.INGRESS);
    return r;
  }

  private static ByteBuffer address(boolean ipv6, int host) {
    byte[] a = new byte[ipv6 ? 16 : 4];
    a[0] = ipv6 ? (byte) 0x20 : 10;
    a[a.length - 2] = (byte) (host >> 8);
    a[a.length - 1] = (byte) host;
    return ByteBuffer.wrap(a);
  }

  private static byte[] written(FlowRecord r) {
    return new FlowRecordSerializer().serialize("flows", r);
  }

  @Test
  void shouldReturnNullForNull() {
    assertThat(new FlowRecordDeserializer().deserialize("flows", null)).isNull();
  }

  @Test
  void shouldPickTheReaderOfEachRecordsWriterSchema() throws IOException {
    OlderSchemaWriter older = new OlderSchemaWriter();
    // The current schema given again as an extra one is the same writer (same fingerprint).
    FlowRecordDeserializer deserializer =
        new FlowRecordDeserializer(List.of(older.schema(), FlowRecord.getClassSchema()));

    for (int i = 1; i <= 3; i++) {
      FlowRecord current = record(i, i % 2 == 0);
      assertThat(deserializer.deserialize("flows", written(current))).isEqualTo(current);
      FlowRecord resolved = deserializer.deserialize("flows", older.written(100L * i));
      assertThat(resolved.getType()).isEqualTo(OlderSchemaWriter.TYPE);
      assertThat(resolved.getBytes()).isEqualTo(100L * i);
      assertThat(resolved.getDstPort()).isEqualTo(OlderSchemaWriter.DST_PORT);
      assertThat(resolved.getDirection()).isEqualTo(FlowDirection.UNKNOWN);
    }
  }

  @Test
  void shouldNameTheFingerprintOfAnUnknownWriterSchema() throws IOException {
    byte[] bytes = new OlderSchemaWriter().written(1);
    String fingerprint = String.format("%016x", ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());

    assertThatThrownBy(() -> new FlowRecordDeserializer().deserialize("flows", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema")
        .hasMessageContaining(fingerprint);
  }

  @Test
  void shouldRejectWrongMarkerBytes() {
    byte[] bytes = written(record(1, false));
    bytes[0] = (byte) 0xC2;
    assertThatThrownBy(() -> new FlowRecordDeserializer().deserialize("flows", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessage(MALFORMED + ": header bytes 0xC2 0x01, expected 0xC3 0x01");
    byte[] version = written(record(1, false));
    version[1] = 0x02;
    assertThatThrownBy(() -> new FlowRecordDeserializer().deserialize("flows", version))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith(MALFORMED + ": header bytes 0xC3 0x02");
  }

  @Test
  void shouldRejectEveryTruncationOfTheHeader() {
    byte[] bytes = written(record(1, false));
    FlowRecordDeserializer deserializer = new FlowRecordDeserializer();
    for (int length = 0; length < 10; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> deserializer.deserialize("flows", truncated))
          .isInstanceOf(SerializationException.class)
          .hasMessage(MALFORMED + ": " + length + " bytes, fewer than the 10-byte header");
    }
  }

  @Test
  void shouldRejectEveryTruncationOfTheBodyAndStillReadTheNextRecord() {
    FlowRecord record = record(7, true);
    byte[] bytes = written(record);
    FlowRecordDeserializer deserializer = new FlowRecordDeserializer();
    for (int length = 10; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> deserializer.deserialize("flows", truncated))
          .as("record cut to %d of %d bytes", length, bytes.length)
          .isInstanceOf(SerializationException.class)
          .hasMessageStartingWith(MALFORMED + ": body ends before the record");
      // A failed read leaves nothing behind in the reused per-thread decoding state.
      assertThat(deserializer.deserialize("flows", bytes)).isEqualTo(record);
    }
  }

  @Test
  void shouldRejectABodyThatIsNotAFlowRecord() {
    byte[] bytes = written(record(1, false));
    // The first field, the FlowType enum, becomes index 63 (zig-zag 0x7E): no such symbol.
    bytes[10] = 0x7E;
    assertThatThrownBy(() -> new FlowRecordDeserializer().deserialize("flows", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith(MALFORMED + ": ");
  }

  @Test
  void shouldIgnoreBytesAfterACompleteRecord() {
    FlowRecord record = record(3, false);
    byte[] complete = written(record);
    byte[] bytes = Arrays.copyOf(complete, complete.length + 4);
    Arrays.fill(bytes, complete.length, bytes.length, (byte) 0x55);

    assertThat(new FlowRecordDeserializer().deserialize("flows", bytes)).isEqualTo(record);
  }

  @Test
  void shouldReturnANewRecordForEachCall() {
    FlowRecord first = record(1, false);
    FlowRecord second = record(2, true);
    FlowRecordDeserializer deserializer = new FlowRecordDeserializer();

    FlowRecord readFirst = deserializer.deserialize("flows", written(first));
    FlowRecord readSecond = deserializer.deserialize("flows", written(second));

    assertThat(readSecond).isNotSameAs(readFirst).isEqualTo(second);
    assertThat(readFirst).isEqualTo(first);
  }

  @Test
  void shouldDecodeOnSeveralThreadsSharingOneInstance() throws Exception {
    FlowRecordDeserializer shared = new FlowRecordDeserializer(List.of(new OlderSchemaWriter().schema()));
    int threads = 4;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          OlderSchemaWriter older = new OlderSchemaWriter();
          int checked = 0;
          for (int i = 0; i < perThread; i++) {
            // Records of different sizes and writer schemas, so a decoder or reader shared by
            // mistake would mix them up.
            if ((i + thread) % 3 == 0) {
              assertThat(shared.deserialize("flows", older.written(i)).getBytes()).isEqualTo(i);
            } else {
              FlowRecord expected = record(i * threads + thread, (i + thread) % 2 == 0);
              assertThat(shared.deserialize("flows", written(expected))).isEqualTo(expected);
            }
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
