package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamesTest {

    @Test
    void findsTheSelectedMetricsButNotFunctionsLabelsOrKeywords() {
        assertThat(MetricNames.referencedBy(
                "topk(10, sum by (src_ip, dst_ip) (rate(flow_bytes_total{aggregation=\"talkers\", window=~\"$w\"}[5m]) * 8))"))
                .containsExactly("flow_bytes_total");
        assertThat(MetricNames.referencedBy(
                "(sum by (exporter) (increase(flow_received_packets_total[1h])) > 0) unless on (exporter) flow_up offset 5m"))
                .containsExactly("flow_received_packets_total", "flow_up");
        assertThat(MetricNames.referencedBy("histogram_quantile(0.99, sum by (job, le) (rate(flow_processing_duration_seconds_bucket[5m])))"))
                .containsExactly("flow_processing_duration_seconds_bucket");
    }

    @Test
    void readsRecordedSeriesNamesAndIgnoresNumbers() {
        assertThat(MetricNames.referencedBy("flowlens:aggregator_consumer_lag_records:max > 1e5 and x > 35 * 86400 + 800e6"))
                .containsExactly("flowlens:aggregator_consumer_lag_records:max", "x");
        assertThat(MetricNames.referencedBy("vector(1)")).isEmpty();
    }
}
