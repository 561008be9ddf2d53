package io.flowlens.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PromtoolCleanNamesTest {
  @Test
  void shouldLeaveOutTimesInNanoOrMillisecondsRenameCountGaugesAndDescribeEveryMeter() {
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    FunctionCounter.builder("kafka.producer.io.time.ns.total", this, x -> 5).register(registry);
    Gauge.builder("kafka.app.info.start.time.ms", () -> 7).register(registry);
    Gauge.builder("kafka.consumer.connection.count", () -> 2).register(registry);
    Gauge.builder("kafka.stream.alive.stream.threads.count", () -> 1).register(registry);
    FunctionCounter.builder("kafka.consumer.fetch.count", this, x -> 3).register(registry);
    Gauge.builder("kafka.consumer.node.request.latency.avg", () -> 1).description("").register(registry);

    String scrape = registry.scrape();

    assertThat(scrape)
        .doesNotContain("kafka_producer_io_time").doesNotContain("kafka_app_info_start_time")
        .contains("kafka_consumer_connections 2.0")
        .contains("kafka_stream_alive_stream_threads_number 1.0")
        .contains("kafka_consumer_fetch_count_total 3.0")
        .contains("# HELP kafka_consumer_node_request_latency_avg the kafka.consumer.node.request.latency.avg metric")
        .doesNotContain("_ns_").doesNotContain("_ms ").doesNotContain("connection_count")
        .doesNotContain("process_cpu_time_ns").doesNotContain("system_cpu_count");
  }
}
