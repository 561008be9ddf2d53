package io.flowlens.schema;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object encoded {@link FlowRecord}s written with the current schema or any
 * released earlier version (resolved into the current one). Anything else fails with a
 * {@link SerializationException} that says why, so a consumer can count and skip it.
 */
public final class FlowRecordDeserializer implements Deserializer<FlowRecord> {
  private final BinaryMessageDecoder<FlowRecord> decoder;

  public FlowRecordDeserializer() {
    this(List.of());
  }

  /** A deserializer that also resolves records written with the {@code extraWriterSchemas}. */
  public FlowRecordDeserializer(List<Schema> extraWriterSchemas) {
    this.decoder = FlowRecord.createDecoder(FlowRecordSchemas.store(extraWriterSchemas));
  }

  @Override
  public FlowRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException("FlowRecord written with an unknown schema (fingerprint not in the history)", e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not an Avro single-object encoded FlowRecord: " + e.getMessage(), e);
    }
  }
}
