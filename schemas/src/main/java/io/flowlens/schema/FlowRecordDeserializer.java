package io.flowlens.schema;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object encoded {@link FlowRecord}s written with the current schema or any
 * released earlier version (resolved into the current one). Anything else fails with a
 * {@link SerializationException} that says why, so a consumer can count and skip it.
 *
 * <p>It reads the same bytes as Avro's {@code BinaryMessageDecoder} (which {@code FlowRecord.getDecoder()}
 * returns) without its per-record stream: the 10-byte header is checked in place, the writer schema's
 * {@link SpecificDatumReader} (one per schema, made in the constructor) is picked by fingerprint, and the
 * body is read by a {@link BinaryDecoder} over the array itself. As with {@code BinaryMessageDecoder},
 * bytes after a complete record are ignored.
 *
 * <p>Thread-safe: one instance (as in one {@link FlowRecordSerde} given to {@code Consumed.with}) may be
 * used by several Kafka Streams threads at once. The readers are shared (Avro's datum readers keep their
 * per-thread resolving state themselves), the binary decoder is reused per thread, and every call returns
 * a new {@link FlowRecord} that the caller may keep.
 */
public final class FlowRecordDeserializer implements Deserializer<FlowRecord> {
  // Avro specification, "Single object encoding": C3 01, 8-byte little-endian CRC-64-AVRO fingerprint, datum.
  private static final int HEADER_BYTES = 10;
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Fingerprints of the writer schemas, the current one first; {@code readers} at the same index. */
  private final long[] fingerprints;
  private final List<SpecificDatumReader<FlowRecord>> readers;
  private final ThreadLocal<BinaryDecoder> decoders =
      ThreadLocal.withInitial(() -> DecoderFactory.get().binaryDecoder(new byte[0], null));

  public FlowRecordDeserializer() {
    this(List.of());
  }

  /** A deserializer that also resolves records written with the {@code extraWriterSchemas}. */
  public FlowRecordDeserializer(List<Schema> extraWriterSchemas) {
    // The generated class's own decoder (customDecode) reads each field straight into the record, with no
    // boxing per field as Avro's generic fast reader does: about 15 % less time a record. It resolves
    // older writer schemas through the ResolvingDecoder like the generic path. A model of our own: the
    // class's shared one is not ours to reconfigure.
    SpecificData model = new SpecificData(FlowRecord.class.getClassLoader());
    model.setCustomCoders(true);
    model.setFastReaderEnabled(false);
    // Keyed by fingerprint: a schema given twice (the current one again as an extra) keeps its first reader.
    Map<Long, SpecificDatumReader<FlowRecord>> byFingerprint = new LinkedHashMap<>();
    for (Schema writer : FlowRecordSchemas.writers(extraWriterSchemas)) {
      byFingerprint.computeIfAbsent(SchemaNormalization.parsingFingerprint64(writer),
          fingerprint -> new SpecificDatumReader<>(writer, FlowRecord.getClassSchema(), model));
    }
    // Copied out for the per-record path, which scans these few fingerprints without boxing.
    this.fingerprints = byFingerprint.keySet().stream().mapToLong(Long::longValue).toArray();
    this.readers = List.copyOf(byFingerprint.values());
  }

  @Override
  public FlowRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < HEADER_BYTES) {
      throw malformed(data.length + " bytes, fewer than the " + HEADER_BYTES + "-byte header", null);
    }
    if (data[0] != MARKER_0 || data[1] != MARKER_1) {
      throw malformed(String.format("header bytes 0x%02X 0x%02X, expected 0xC3 0x01", data[0], data[1]), null);
    }
    long fingerprint = (long) LITTLE_ENDIAN_LONG.get(data, 2);
    int index = indexOf(fingerprints, fingerprint);
    if (index < 0) {
      throw new SerializationException(String.format(
          "FlowRecord written with an unknown schema (fingerprint %016x not in the history)", fingerprint));
    }
    // Given a decoder to reuse, the factory re-targets it at this array and returns that same decoder.
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_BYTES, data.length - HEADER_BYTES, decoders.get());
    try {
      return readers.get(index).read(null, decoder);
    } catch (EOFException e) {
      throw malformed("body ends before the record does (" + (data.length - HEADER_BYTES) + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      throw malformed("body does not decode: " + e, e);
    }
  }

  private static SerializationException malformed(String why, Throwable cause) {
    return new SerializationException("not an Avro single-object encoded FlowRecord: " + why, cause);
  }

  private static int indexOf(long[] values, long value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
