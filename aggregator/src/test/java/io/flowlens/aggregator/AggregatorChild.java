package io.flowlens.aggregator;

import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.HttpServer;
import io.flowlens.http.MetricsRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An aggregator process for {@link AggregatorCrashIT}: the aggregator and its HTTP server on a free port,
 * running until the test kills it. Arguments: {@code bootstrap topic partitions application_id state_dir
 * port_file}; the bound port is written to {@code port_file} once the server listens.
 */
final class AggregatorChild {
  private AggregatorChild() {}

  public static void main(String[] args) throws Exception {
    KafkaConfig kafka = new ConfigLoader(Map.of()).parse("bootstrap_servers: " + args[0] + "\ntopic: " + args[1]
        + "\npartitions: " + args[2], KafkaConfig.class, "child");
    AggregatorConfig config = new ConfigLoader(Map.of()).parse("application_id: " + args[3]
        + "\ncommit_interval: 200ms", AggregatorConfig.class, "child");
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    Aggregator aggregator = new Aggregator(config, kafka, new MetricsConfig(), registry, AddressLookup.NONE,
        Path.of(args[4]));
    HttpServer server = new HttpServer(HttpConfig.onPort(0), registry, List.of(aggregator.routes()),
        List.of(aggregator.readinessCheck()));
    aggregator.start();
    server.start();
    Path port = Path.of(args[5]);
    Files.writeString(port.resolveSibling(port.getFileName() + ".tmp"), Integer.toString(server.port()),
        StandardCharsets.UTF_8);
    Files.move(port.resolveSibling(port.getFileName() + ".tmp"), port);
    Thread.currentThread().join();
  }
}
