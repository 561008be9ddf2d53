package io.flowlens.aggregator.window;

/**
 * What the flows of one series in one time bucket add, as it travels through the repartition topic in
 * a {@link DeltaBatch}. A bucket is as long as the hop of the rolling windows
 * ({@link WindowRing#hopMillis}), so every slot of the ring holds whole buckets and summing flows per
 * bucket loses nothing.
 *
 * @param bucketStartMs start of the time bucket on the configured clock
 * @param earliestReceivedMs the earliest receive time among the summed flows (for the end-to-end latency)
 */
public record Delta(long bucketStartMs, long earliestReceivedMs, long bytes, long packets, long flows) {}
