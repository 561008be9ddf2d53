package io.flowlens.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.aggregator.topology.TopologyMetrics;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AggregatorConfigTest {
  final ConfigLoader loader = new ConfigLoader(Map.of());

  @Test
  void shouldShipTheDefaultAggregationsAndWindows() throws Exception {
    AggregatorConfig c = loader.parse("{}", AggregatorConfig.class, "test");
    List<AggregationSpec> specs = AggregationSpec.resolve(c);
    assertThat(specs).extracting(AggregationSpec::name).containsExactly("talkers", "services", "geo", "asn", "interfaces");
    assertThat(specs.get(0).maxSeries()).isGreaterThanOrEqualTo(10_000);
    assertThat(c.windows()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofHours(1));
    assertThat(c.processingGuarantee()).isEqualTo(AggregatorConfig.ProcessingGuarantee.EXACTLY_ONCE_V2);
    assertThat(c.http().port()).isEqualTo(8080);
  }

  @Test
  void shouldRejectAnUnknownDimensionNamingItsPathAndTheValidOnes() {
    assertThatThrownBy(() -> loader.parse("aggregations:\n  - {name: x, dimensions: [src_ip, colour]}\n",
        AggregatorConfig.class, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("aggregations[0].dimensions[1]")
        .hasMessageContaining("unknown dimension 'colour'")
        .hasMessageContaining("exporter, src_ip, dst_ip, src_port");
  }

  @Test
  void shouldRejectAPrefixForAnAddressThatIsNotADimension() {
    assertThatThrownBy(() -> loader.parse("aggregations:\n  - {name: x, dimensions: [dst_ip], src_prefix: 24}\n",
        AggregatorConfig.class, "test"))
        .hasMessageContaining("aggregations[0].src_prefix").hasMessageContaining("src_ip");
  }

  @Test
  void shouldLeaveSwitchedOffGeoLabelsOutOfTheAggregations() throws Exception {
    AggregatorConfig c = loader.parse("labels: {as_org: false}\n", AggregatorConfig.class, "test");
    AggregationSpec asn = AggregationSpec.resolve(c).get(3);
    assertThat(asn.labelNames()).containsExactly("aggregation", "src_asn", "dst_asn");
  }

  @Test
  void shouldGiveKafkaStreamsATransactionTimeoutLongerThanTheLongestCommitInterval() throws Exception {
    for (String interval : new String[] {"1s", "10m"}) {
      AggregatorConfig c = loader.parse("commit_interval: " + interval + "\n", AggregatorConfig.class, "test");
      Properties p = Aggregator.streamsProperties(c, new KafkaConfig(), Path.of("state"),
          new TopologyMetrics(new SimpleMeterRegistry(), new MetricsConfig()));
      // Kafka Streams refuses, under exactly-once, a transaction timeout shorter than the commit interval.
      StreamsConfig streams = new StreamsConfig(p);
      assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(c.commitInterval().toMillis());
      assertThat(streams.originals().get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)))
          .isEqualTo(interval.equals("1s") ? "10000" : "605000");
    }
  }
}
