package io.flowlens.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FlowRecordSerdeTest {

  private static FlowRecord sample() {
    FlowRecord r = new FlowRecord();
    r.setType(FlowType.IPFIX);
    r.setTimeReceivedMs(1_700_000_000_123L);
    r.setExporterAddress(ByteBuffer.wrap(new byte[] {(byte) 192, 0, 2, 1}));
    r.setObservationDomainId(7);
    r.setSequenceNumber(42);
    r.setSamplingRate(100);
    r.setFlowStartMs(1_700_000_000_000L);
    r.setFlowEndMs(1_700_000_000_100L);
    r.setBytes(1500);
    r.setPackets(3);
    r.setSrcAddr(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}));
    r.setDstAddr(ByteBuffer.wrap(new byte[16]));
    r.setSrcPort(443);
    r.setDstPort(51000);
    r.setProto(6);
    r.setEtype(0x0800);
    r.setInIf(3);
    r.setOutIf(4);
    r.setTcpFlags(0x18);
    r.setTos(0xb8);
    r.setNextHop(ByteBuffer.wrap(new byte[] {10, 0, 0, (byte) 254}));
    r.setSrcAs(15169);
    r.setDstAs(3320);
    r.setSrcPrefixLen(24);
    r.setDstPrefixLen(16);
    r.setSrcVlan(100);
    r.setSrcMac(0x0011_2233_4455L);
    r.setDirection(FlowDirection.EGRESS);
    return r;
  }

  @Test
  void shouldRoundTripEveryField() {
    FlowRecord record = sample();
    byte[] bytes = new FlowRecordSerializer().serialize("flows", record);
    assertThat(new FlowRecordDeserializer().deserialize("flows", bytes)).isEqualTo(record);
  }

  @Test
  void shouldWriteSingleObjectEncodingWithTheSchemaFingerprint() {
    byte[] bytes = new FlowRecordSerializer().serialize("flows", sample());
    long fingerprint = SchemaNormalization.parsingFingerprint64(FlowRecord.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(fingerprint);
  }

  @Test
  void shouldReadARecordWrittenWithAnOlderSchemaFillingDefaults() throws Exception {
    OlderSchemaWriter older = new OlderSchemaWriter();
    byte[] bytes = older.written(1518);

    FlowRecord read = new FlowRecordDeserializer(List.of(older.schema())).deserialize("flows", bytes);

    assertThat(read.getType()).isEqualTo(OlderSchemaWriter.TYPE);
    assertThat(read.getSamplingRate()).isEqualTo(OlderSchemaWriter.SAMPLING_RATE);
    assertThat(read.getBytes()).isEqualTo(1518);
    assertThat(read.getDstPort()).isEqualTo(OlderSchemaWriter.DST_PORT);
    assertThat(read.getDirection()).isEqualTo(FlowDirection.UNKNOWN);
    assertThat(read.getSrcVlan()).isZero();
    assertThat(read.getNextHop().remaining()).isZero();
  }

  @Test
  void shouldRejectAnUnknownWriterSchemaWithAClearError() throws Exception {
    byte[] bytes = new OlderSchemaWriter().written(1);

    assertThatThrownBy(() -> new FlowRecordDeserializer().deserialize("flows", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema");
  }

  @Test
  void shouldRejectGarbage() {
    assertThatThrownBy(() -> new FlowRecordDeserializer().deserialize("flows", new byte[] {1, 2, 3}))
        .isInstanceOf(SerializationException.class);
  }
}
