package io.flowlens.agent;

import io.flowlens.agent.pipeline.FlowSink;
import io.flowlens.schema.FlowRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A flow sink that keeps what it was sent. */
public final class RecordingSink implements FlowSink {
  public final List<FlowRecord> records = new CopyOnWriteArrayList<>();

  @Override
  public void send(FlowRecord record) {
    records.add(record);
  }
}
