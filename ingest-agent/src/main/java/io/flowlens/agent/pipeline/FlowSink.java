package io.flowlens.agent.pipeline;

import io.flowlens.schema.FlowRecord;

/** Where decode workers hand flow records (the Kafka producer); may be called from several workers at once. */
public interface FlowSink {
  /** Sends or queues the record; failures are counted by the sink, never thrown. */
  void send(FlowRecord record);
}
