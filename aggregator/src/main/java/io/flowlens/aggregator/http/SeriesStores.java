package io.flowlens.aggregator.http;

import io.flowlens.aggregator.topology.FlowTopology;
import io.flowlens.aggregator.window.Counts;
import io.flowlens.aggregator.window.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Read access to the series stores this instance holds: through Kafka Streams' interactive queries in
 * production ({@link #of(KafkaStreams)}: every local partition, active tasks only), or any stores in
 * tests. Every iterator is closed before a method returns.
 */
public final class SeriesStores {
  private final Supplier<ReadOnlyKeyValueStore<Bytes, Totals>> totals;
  private final Function<Duration, ReadOnlyWindowStore<Bytes, Counts>> windows;

  public SeriesStores(Supplier<ReadOnlyKeyValueStore<Bytes, Totals>> totals,
      Function<Duration, ReadOnlyWindowStore<Bytes, Counts>> windows) {
    this.totals = totals;
    this.windows = windows;
  }

  /** The local stores of a running Kafka Streams instance; InvalidStateStoreException while it rebalances. */
  public static SeriesStores of(KafkaStreams streams) {
    return new SeriesStores(() -> streams.store(totalsQuery()), w -> streams.store(windowQuery(w)));
  }

  /** The interactive query of the totals store. */
  public static StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, Totals>> totalsQuery() {
    return StoreQueryParameters.fromNameAndType(FlowTopology.TOTALS_STORE, QueryableStoreTypes.keyValueStore());
  }

  /** The interactive query of one window size's store. */
  public static StoreQueryParameters<ReadOnlyWindowStore<Bytes, Counts>> windowQuery(Duration window) {
    return StoreQueryParameters.fromNameAndType(FlowTopology.windowStoreName(window), QueryableStoreTypes.windowStore());
  }

  /** Calls {@code action} with every series' key and totals. */
  public void forEachTotal(BiConsumer<byte[], Totals> action) {
    try (KeyValueIterator<Bytes, Totals> it = totals.get().all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, Totals> kv = it.next();
        action.accept(kv.key.get(), kv.value);
      }
    }
  }

  /** Calls {@code action} with every series' counts in the window of size {@code window} starting at {@code startMs}. */
  public void forEachInWindow(Duration window, long startMs, BiConsumer<byte[], Counts> action) {
    Instant start = Instant.ofEpochMilli(startMs);
    try (KeyValueIterator<Windowed<Bytes>, Counts> it = windows.apply(window).fetchAll(start, start)) {
      while (it.hasNext()) {
        KeyValue<Windowed<Bytes>, Counts> kv = it.next();
        action.accept(kv.key.key().get(), kv.value);
      }
    }
  }
}
