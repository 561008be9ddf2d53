package io.flowlens.aggregator.topology;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The combiner's partial sums of one aggregation: per (series key, time bucket) the earliest receive
 * time and the sums of bytes, packets and flows. Every flow adds to one entry of each aggregation, so
 * this is the hottest map of the aggregator: an open-addressing table over flat arrays, probed with the
 * key straight from the key codec's buffer (no key object per flow), keys packed one after the other in
 * one array, entries visited in insertion order. A {@code HashMap<Bytes, long[]>} spent most of its time
 * in cache misses through its nodes. Not thread-safe: one per processor and aggregation.
 */
final class PartialSums {
  /** What {@link #forEach} hands over: the key is {@code keys[offset, offset + length)}. */
  @FunctionalInterface
  interface SumConsumer {
    void accept(byte[] keys, int offset, int length, long bucketStartMs, long earliestReceivedMs, long bytes,
        long packets, long flows);
  }

  private static final int SUMS = 4;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Entry index + 1 per slot; 0 is a free slot. Length a power of two, at most half full. */
  private int[] slots = new int[64];
  private int[] hashes = new int[32];
  private int[] keyOffsets = new int[32];
  private int[] keyLengths = new int[32];
  private long[] buckets = new long[32];
  /** Per entry: earliest receive time, bytes, packets, flows. */
  private long[] sums = new long[32 * SUMS];
  private byte[] keys = new byte[1024];
  private int keysUsed;
  private int size;

  /** Adds one flow of {@code bytes} and {@code packets} to the entry of {@code key[0, length)} in the bucket. */
  void add(byte[] key, int length, long bucketStartMs, long receivedMs, long bytes, long packets) {
    int hash = hash(key, length, bucketStartMs);
    int mask = slots.length - 1;
    for (int slot = hash & mask;; slot = (slot + 1) & mask) {
      int entry = slots[slot] - 1;
      if (entry < 0) {
        insert(slot, hash, key, length, bucketStartMs, receivedMs, bytes, packets);
        return;
      }
      if (hashes[entry] == hash && buckets[entry] == bucketStartMs && keyLengths[entry] == length
          && Arrays.equals(keys, keyOffsets[entry], keyOffsets[entry] + length, key, 0, length)) {
        int at = entry * SUMS;
        sums[at] = Math.min(sums[at], receivedMs);
        sums[at + 1] += bytes;
        sums[at + 2] += packets;
        sums[at + 3]++;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  /** Hands every entry over, in the order they were first added. */
  void forEach(SumConsumer action) {
    for (int e = 0; e < size; e++) {
      int at = e * SUMS;
      action.accept(keys, keyOffsets[e], keyLengths[e], buckets[e], sums[at], sums[at + 1], sums[at + 2], sums[at + 3]);
    }
  }

  /** Forgets every entry, keeping the capacity reached. */
  void clear() {
    if (size > 0) {
      Arrays.fill(slots, 0);
      size = 0;
      keysUsed = 0;
    }
  }

  private void insert(int slot, int hash, byte[] key, int length, long bucketStartMs, long receivedMs, long bytes,
      long packets) {
    if (size == hashes.length) {
      int capacity = size * 2;
      hashes = Arrays.copyOf(hashes, capacity);
      keyOffsets = Arrays.copyOf(keyOffsets, capacity);
      keyLengths = Arrays.copyOf(keyLengths, capacity);
      buckets = Arrays.copyOf(buckets, capacity);
      sums = Arrays.copyOf(sums, capacity * SUMS);
    }
    if (keysUsed + length > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keysUsed + length));
    }
    int e = size++;
    System.arraycopy(key, 0, keys, keysUsed, length);
    hashes[e] = hash;
    keyOffsets[e] = keysUsed;
    keyLengths[e] = length;
    buckets[e] = bucketStartMs;
    keysUsed += length;
    int at = e * SUMS;
    sums[at] = receivedMs;
    sums[at + 1] = bytes;
    sums[at + 2] = packets;
    sums[at + 3] = 1;
    slots[slot] = e + 1;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
  }

  private void rehash(int capacity) {
    int[] next = new int[capacity];
    int mask = capacity - 1;
    for (int e = 0; e < size; e++) {
      int slot = hashes[e] & mask;
      while (next[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      next[slot] = e + 1;
    }
    slots = next;
  }

  private static int hash(byte[] key, int length, long bucketStartMs) {
    // Eight bytes a step: a byte-at-a-time polynomial is one long chain of dependent multiplies per key.
    long h = bucketStartMs * 0x9E3779B97F4A7C15L;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(key, i)) * 0x9E3779B97F4A7C15L, 29);
    }
    long tail = 0;
    for (; i < length; i++) {
      tail = (tail << 8) | (key[i] & 0xff);
    }
    h = (h ^ tail ^ length) * 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 32));
  }
}
