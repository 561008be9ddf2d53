package io.flowlens.aggregator.enrich;

import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Utils;

/**
 * Throughput harness: lookups/s of {@link GeoIpEnricher} on the real GeoLite2 City and ASN
 * databases, answered from the cache (a working set that fits) and from the readers (random
 * addresses, a cache far smaller than the address space). Prints one line per case.
 *
 * <pre>
 * mvn -q -pl aggregator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=aggregator/target/test.classpath
 * java -cp aggregator/target/test-classes:aggregator/target/classes:$(cat aggregator/target/test.classpath) \
 *   io.flowlens.aggregator.enrich.GeoIpLookupThroughput [SECONDS THREADS]
 * </pre>
 */
public final class GeoIpLookupThroughput {
  private GeoIpLookupThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int maxThreads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path dir = Files.createTempDirectory("geoip-throughput");
    try {
      Path city = GeoLite2Files.copy(GeoLite2Files.CITY, dir.resolve("GeoLite2-City.mmdb"));
      Path asn = GeoLite2Files.copy(GeoLite2Files.ASN, dir.resolve("GeoLite2-ASN.mmdb"));
      String databases = "city_database: " + city + "\nasn_database: " + asn + "\n";
      for (int threads = 1; threads <= maxThreads; threads++) {
        run("cached   (10,000 addresses, cache 100,000)", databases + "cache_size: 100000\n", 10_000, seconds, threads);
        run("uncached (random addresses, cache 1,000)  ", databases + "cache_size: 1000\n", 0, seconds, threads);
      }
    } finally {
      Utils.delete(dir.toFile());
    }
  }

  /** {@code workingSet} addresses looked up round-robin, or fresh random ones when 0. */
  private static void run(String name, String yaml, int workingSet, int seconds, int threads) throws Exception {
    GeoIpConfig config = new ConfigLoader(Map.of()).parse(yaml, GeoIpConfig.class, name);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (GeoIpEnricher enricher = new GeoIpEnricher(config, registry, new MetricsConfig())) {
      enricher.start();
      byte[][] addresses = new byte[Math.max(workingSet, 1)][];
      Random random = new Random(42);
      for (int i = 0; i < addresses.length; i++) {
        addresses[i] = new byte[4];
        random.nextBytes(addresses[i]);
      }
      for (byte[] a : addresses) {
        enricher.lookup(a);
      }
      measure(enricher, addresses, workingSet == 0, 2, threads); // warm-up: JIT and cache
      double hitsBefore = registry.get("flow_enrichment_cache_hits").functionCounter().count();
      double missesBefore = registry.get("flow_enrichment_cache_misses").functionCounter().count();
      long lookups = measure(enricher, addresses, workingSet == 0, seconds, threads);
      double hits = registry.get("flow_enrichment_cache_hits").functionCounter().count() - hitsBefore;
      double misses = registry.get("flow_enrichment_cache_misses").functionCounter().count() - missesBefore;
      System.out.printf("%s threads=%d  %,12.0f lookups/s  hit ratio %.3f%n", name, threads,
          lookups / (double) seconds, hits / (hits + misses));
    }
  }

  private static long measure(GeoIpEnricher enricher, byte[][] addresses, boolean fresh, int seconds, int threads)
      throws InterruptedException {
    AtomicLong total = new AtomicLong();
    AtomicLong sink = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(t);
      Thread worker = new Thread(() -> {
        long n = 0;
        long asns = 0;
        byte[] address = new byte[4];
        int i = 0;
        while ((n & 1023) != 0 || System.nanoTime() < end) {
          byte[] a;
          if (fresh) {
            random.nextBytes(address);
            a = address;
          } else {
            a = addresses[i];
            i = i + 1 == addresses.length ? 0 : i + 1;
          }
          asns += enricher.lookup(a).asn();
          n++;
        }
        total.addAndGet(n);
        sink.addAndGet(asns);
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return sink.get() == Long.MIN_VALUE ? 0 : total.get();
  }
}
