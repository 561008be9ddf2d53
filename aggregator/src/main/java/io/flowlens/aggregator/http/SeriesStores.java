package io.flowlens.aggregator.http;

import io.flowlens.aggregator.topology.FlowTopology;
import io.flowlens.aggregator.window.SeriesState;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to the series store of this instance: through Kafka Streams' interactive queries in
 * production ({@link #of(KafkaStreams)}: every local partition, active tasks only), or any store in
 * tests. Every iterator is closed before a method returns.
 */
public final class SeriesStores {
  private static final BytesSerializer PREFIX = new BytesSerializer();

  private final Supplier<ReadOnlyKeyValueStore<Bytes, SeriesState>> series;

  public SeriesStores(Supplier<ReadOnlyKeyValueStore<Bytes, SeriesState>> series) {
    this.series = series;
  }

  /** The local stores of a running Kafka Streams instance; InvalidStateStoreException while it rebalances. */
  public static SeriesStores of(KafkaStreams streams) {
    return new SeriesStores(() -> streams.store(query()));
  }

  /** The interactive query of the series store. */
  public static StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, SeriesState>> query() {
    return StoreQueryParameters.fromNameAndType(FlowTopology.SERIES_STORE, QueryableStoreTypes.keyValueStore());
  }

  /** Calls {@code action} with every series' key and state. */
  public void forEachSeries(BiConsumer<byte[], SeriesState> action) {
    try (KeyValueIterator<Bytes, SeriesState> it = series.get().all()) {
      forEach(it, action);
    }
  }

  /** Calls {@code action} with the key and state of every series of aggregation number {@code aggregation}. */
  public void forEachSeries(int aggregation, BiConsumer<byte[], SeriesState> action) {
    try (KeyValueIterator<Bytes, SeriesState> it =
        series.get().prefixScan(Bytes.wrap(new byte[] {(byte) aggregation}), PREFIX)) {
      forEach(it, action);
    }
  }

  private static void forEach(KeyValueIterator<Bytes, SeriesState> it, BiConsumer<byte[], SeriesState> action) {
    while (it.hasNext()) {
      KeyValue<Bytes, SeriesState> kv = it.next();
      action.accept(kv.key.get(), kv.value);
    }
  }
}
