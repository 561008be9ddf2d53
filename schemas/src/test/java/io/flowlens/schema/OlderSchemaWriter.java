package io.flowlens.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Writes a record as a producer that predates the direction, VLAN, MAC and next-hop fields does: with the
 * older schema in {@code FlowRecord-older.avsc}, single-object encoded by Avro's own encoder. Every record has
 * the values of the constants below and the number of bytes it is given.
 */
final class OlderSchemaWriter {
  static final FlowType TYPE = FlowType.SFLOW_V5;
  static final long SAMPLING_RATE = 1024;
  static final int DST_PORT = 5353;

  private final Schema schema;
  private final BinaryMessageEncoder<GenericRecord> encoder;

  /** A writer with its own copy of the older schema, parsed from the test resources. */
  OlderSchemaWriter() throws IOException {
    try (InputStream in = OlderSchemaWriter.class.getResourceAsStream("/FlowRecord-older.avsc")) {
      this.schema = new Schema.Parser().parse(in);
    }
    this.encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
  }

  /** The older schema, for a deserializer to be given as an extra writer schema. */
  Schema schema() {
    return schema;
  }

  /** The single-object encoding of a record of {@code bytes} bytes. */
  byte[] written(long bytes) throws IOException {
    GenericRecord old = new GenericData.Record(schema);
    old.put("type", new GenericData.EnumSymbol(schema.getField("type").schema(), TYPE.name()));
    old.put("time_received_ms", 5L);
    old.put("exporter_address", ByteBuffer.wrap(new byte[] {(byte) 198, 51, 100, 7}));
    old.put("sampling_rate", SAMPLING_RATE);
    old.put("bytes", bytes);
    old.put("packets", 1L);
    old.put("src_addr", ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    old.put("dst_addr", ByteBuffer.wrap(new byte[] {5, 6, 7, 8}));
    old.put("src_port", 53);
    old.put("dst_port", DST_PORT);
    old.put("proto", 17);
    return encoder.encode(old).array();
  }
}
