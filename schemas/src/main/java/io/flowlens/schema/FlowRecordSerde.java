package io.flowlens.schema;

import org.apache.kafka.common.serialization.Serdes;

/** The Kafka serde of the flow topic's values. */
public final class FlowRecordSerde extends Serdes.WrapperSerde<FlowRecord> {
  public FlowRecordSerde() {
    super(new FlowRecordSerializer(), new FlowRecordDeserializer());
  }
}
