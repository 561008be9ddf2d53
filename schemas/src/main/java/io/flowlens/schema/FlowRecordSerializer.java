package io.flowlens.schema;

import java.io.IOException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link FlowRecord} as Avro single-object encoding: the 2-byte marker {@code C3 01}, the
 * 8-byte CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body. The fingerprint lets
 * consumers read records written by any released schema version.
 */
public final class FlowRecordSerializer implements Serializer<FlowRecord> {
  private final BinaryMessageEncoder<FlowRecord> encoder = FlowRecord.getEncoder();

  @Override
  public byte[] serialize(String topic, FlowRecord record) {
    if (record == null) {
      return null;
    }
    try {
      return encoder.encode(record).array();
    } catch (IOException e) {
      throw new SerializationException("cannot encode FlowRecord", e);
    }
  }
}
