package io.flowlens.aggregator.topology;

import java.util.SplittableRandom;

/**
 * Throughput harness: nanoseconds per flow of the combiner's {@link PartialSums} lookups alone, with the
 * keys of the shipped aggregations (talkers, services, geo, asn, interfaces in and out: six lookups a
 * flow) drawn like {@code AggregatorThroughput}'s traffic, the tables emptied whenever they hold
 * {@code held} sums, as the combiner's early flush does. Prints one line per round.
 *
 * <pre>
 * mvn -q -pl aggregator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=aggregator/target/test.classpath
 * java -cp aggregator/target/test-classes:aggregator/target/classes:$(cat aggregator/target/test.classpath) \
 *   io.flowlens.aggregator.topology.PartialSumsThroughput [HELD [ROUNDS]]
 * </pre>
 */
public final class PartialSumsThroughput {
  private PartialSumsThroughput() {}

  public static void main(String[] args) {
    int held = args.length > 0 ? Integer.parseInt(args[0]) : SeriesCombiner.MAX_SUMS;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int flows = 1 << 20;
    byte[][] keys = keys(flows);
    PartialSums[] tables = new PartialSums[5];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = new PartialSums();
    }
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      int sums = 0;
      for (int f = 0; f < flows; f++) {
        for (int k = 0; k < 6; k++) {
          byte[] key = keys[6 * f + k];
          PartialSums table = tables[Math.min(k, 4)];
          int before = table.size();
          table.add(key, key.length, 0, f, 100, 1);
          sums += table.size() - before;
        }
        if (sums >= held) {
          for (PartialSums table : tables) {
            table.clear();
          }
          sums = 0;
        }
      }
      System.out.printf("held %,d: %.1f ns per flow (six lookups)%n", held, (System.nanoTime() - start) / (double) flows);
    }
  }

  /** Series keys as the key codec lays them out, six a flow. */
  private static byte[][] keys(int flows) {
    byte[][] keys = new byte[6 * flows][];
    SplittableRandom random = new SplittableRandom(1);
    for (int f = 0; f < flows; f++) {
      int inside = random.nextInt(2000);
      int outside = (int) Math.min(4999, Math.abs(random.nextGaussian()) * 800);
      keys[6 * f] = new byte[] {0, 0, 4, 10, 1, (byte) (inside >> 8), (byte) inside, 4, (byte) 198, 51,
          (byte) (outside >> 8), (byte) outside, 0, 0, 0, 0, 0, 0, 0, 6};
      int port = random.nextBoolean() ? 443 : 1024 + random.nextInt(60000);
      keys[6 * f + 1] = new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, (byte) (port >> 8), (byte) port};
      keys[6 * f + 2] = new byte[] {2, 0, 0, 0, 0, 0};
      keys[6 * f + 3] = new byte[18];
      keys[6 * f + 3][0] = 3;
      int in = 1 + random.nextInt(8);
      keys[6 * f + 4] = new byte[] {4, 0, 4, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, (byte) in, 0, 2, 'i', 'n'};
      keys[6 * f + 5] = new byte[] {4, 0, 4, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, (byte) (9 - in), 0, 3, 'o', 'u', 't'};
    }
    return keys;
  }
}
