package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.operations.PrometheusServer.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PrometheusServer} runs the real prometheus binary against a fixture target. */
class PrometheusServerTest {

    private static final String EXPOSITION = String.join("\n",
            "# HELP flow_parsed_records_total Flow records decoded.",
            "# TYPE flow_parsed_records_total counter",
            "flow_parsed_records_total{protocol=\"netflow9\"} 1200",
            "flow_parsed_records_total{protocol=\"ipfix\"} 300",
            "# HELP flow_worker_queue_length Datagrams waiting for a decode worker.",
            "# TYPE flow_worker_queue_length gauge",
            "flow_worker_queue_length 7",
            "");

    @Test
    void scrapesTheTargetAndAnswersInstantQueries() {
        try (ExpositionFixture target = new ExpositionFixture(EXPOSITION)) {
            target.start();
            try (PrometheusServer prometheus = PrometheusServer.startScraping(target.target(), List.of())) {
                prometheus.awaitTargetUp(Duration.ofSeconds(30));

                List<Sample> parsed = prometheus.query("sort_desc(flow_parsed_records_total)");
                assertThat(parsed).hasSize(2);
                assertThat(parsed.get(0).labels()).containsEntry("protocol", "netflow9")
                        .containsEntry("job", PrometheusServer.JOB)
                        .containsEntry("instance", target.target())
                        .containsEntry("__name__", "flow_parsed_records_total");
                assertThat(parsed.get(0).value()).isEqualTo(1200.0);
                assertThat(prometheus.query("sum(flow_parsed_records_total)"))
                        .containsExactly(new Sample(Map.of(), 1500.0));
                assertThat(prometheus.query("scalar(flow_worker_queue_length) * 2"))
                        .containsExactly(new Sample(Map.of(), 14.0));
                assertThat(prometheus.query("flow_dropped_records_total")).isEmpty();
                assertThat(target.scrapes()).isPositive();
            }
        }
    }

    @Test
    void reportsTheErrorOfAQueryPrometheusRejects() {
        try (ExpositionFixture target = new ExpositionFixture(EXPOSITION)) {
            target.start();
            try (PrometheusServer prometheus = PrometheusServer.startScraping(target.target(), List.of())) {
                assertThatThrownBy(() -> prometheus.query("sum(rate(flow_parsed_records_total[5m])"))
                        .isInstanceOf(PrometheusServer.QueryException.class)
                        .hasMessageContaining("bad_data")
                        .hasMessageContaining("parse error");
            }
        }
    }

    @Test
    void evaluatesTheRecordingRulesItIsGiven() {
        RepositoryFiles repository = RepositoryFiles.current();
        try (ExpositionFixture target = ExpositionFixture.startServing("/fixtures/flowlens-metrics.txt");
                PrometheusServer prometheus = PrometheusServer.startScraping(target.target(), repository.recordingRuleFiles())) {
            prometheus.awaitTargetUp(Duration.ofSeconds(30));
            List<Sample> lag = List.of();
            for (int attempt = 0; attempt < 100 && lag.isEmpty(); attempt++) {
                lag = prometheus.query("flowlens:aggregator_consumer_lag_records:max");
                sleep(Duration.ofMillis(200));
            }
            // The fixture's restore consumer (9000) is not processing lag; the main consumer's 42 is.
            assertThat(lag).extracting(Sample::value).containsExactly(42.0);
        }
    }

    @Test
    void closeStopsTheProcessAndDeletesItsFiles() {
        try (ExpositionFixture target = new ExpositionFixture(EXPOSITION)) {
            target.start();
            PrometheusServer prometheus = PrometheusServer.startScraping(target.target(), List.of());
            Path directory = prometheus.directory();
            assertThat(prometheus.isRunning()).isTrue();
            assertThat(directory.resolve("prometheus.yml")).exists();

            prometheus.close();

            assertThat(prometheus.isRunning()).isFalse();
            assertThat(Files.exists(directory)).isFalse();
            assertThatThrownBy(() -> prometheus.query("up")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void rejectsATargetThatIsNotHostAndPort() {
        assertThatThrownBy(() -> PrometheusServer.Settings.scraping("http://127.0.0.1:8080/metrics", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> PrometheusServer.Settings.scraping("127.0.0.1:8080", List.of(Path.of("no-such-rules.yml"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-rules.yml");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
