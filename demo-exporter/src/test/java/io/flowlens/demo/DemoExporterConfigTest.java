package io.flowlens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoExporterConfigTest {
  private static final InetSocketAddress TARGET = new InetSocketAddress("127.0.0.1", 2055);

  @Test
  void shouldHaveDemoFriendlyDefaults() {
    DemoExporterConfig c = DemoExporterConfig.defaults(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 4739), DemoProtocol.IPFIX);
    assertThat(c.target().getPort()).isEqualTo(4739);
    assertThat(c.target().getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.flowsPerSecond()).isEqualTo(2_000);
    assertThat(c.exporters()).isEqualTo(3);
    assertThat(c.samplingRate()).isEqualTo(1);
    assertThat(c.bounded()).isFalse();
    assertThat(c.maxDatagramBytes()).isEqualTo(1400);
    assertThat(c.withDuration(Duration.ofSeconds(5)).bounded()).isTrue();
    assertThat(c.withDuration(Duration.ZERO).bounded()).isFalse();
  }

  @Test
  void shouldChangeOnlyWhatEachWithMethodNames() {
    DemoExporterConfig c = DemoExporterConfig.defaults(TARGET, DemoProtocol.NETFLOW9);
    DemoExporterConfig changed = c.withRate(500)
        .withDuration(Duration.ofSeconds(7))
        .withExporters(5)
        .withSamplingRate(64)
        .withSeed(42)
        .withShape(Duration.ofHours(1), 0.5, false)
        .withTemplateInterval(3)
        .withMaxDatagramBytes(1200)
        .withProgressInterval(Duration.ZERO);

    assertThat(changed).isEqualTo(new DemoExporterConfig(TARGET, DemoProtocol.NETFLOW9, 500, Duration.ofSeconds(7), 5, 64, 42,
        Duration.ofHours(1), 0.5, false, 3, 10, 1200, Duration.ZERO));
    assertThat(c).as("the original is left as it was").isEqualTo(DemoExporterConfig.defaults(TARGET, DemoProtocol.NETFLOW9));
  }

  @Test
  void shouldNameTheOptionInEveryError() {
    DemoExporterConfig c = DemoExporterConfig.defaults(TARGET, DemoProtocol.NETFLOW9);
    assertThatThrownBy(() -> c.withRate(0)).hasMessageStartingWith("--rate must be more than 0");
    assertThatThrownBy(() -> c.withRate(Double.NaN)).hasMessageStartingWith("--rate");
    assertThatThrownBy(() -> c.withDuration(Duration.ofSeconds(-1))).hasMessageStartingWith("--duration");
    assertThatThrownBy(() -> c.withExporters(0)).hasMessageStartingWith("exporters must be 1-200");
    assertThatThrownBy(() -> c.withSamplingRate(0)).hasMessageStartingWith("sampling_rate");
    assertThatThrownBy(() -> c.withShape(Duration.ofHours(1), 1.5, false)).hasMessageStartingWith("diurnal_amplitude");
    assertThatThrownBy(() -> c.withShape(Duration.ZERO, 0, false)).hasMessageStartingWith("diurnal_period");
    assertThatThrownBy(() -> c.withTemplateInterval(0)).hasMessageStartingWith("template_interval");
    assertThatThrownBy(() -> c.withMaxDatagramBytes(100)).hasMessageStartingWith("max_datagram_bytes");
    assertThatThrownBy(() -> DemoExporterConfig.defaults(InetSocketAddress.createUnresolved("no.such.host.invalid", 1), DemoProtocol.SFLOW))
        .hasMessageStartingWith("--target host no.such.host.invalid");
  }

  @Test
  void shouldParseTargetsAndProtocols() {
    assertThat(DemoExporterConfig.parseTarget("127.0.0.1:6343")).isEqualTo(new InetSocketAddress("127.0.0.1", 6343));
    assertThat(DemoExporterConfig.parseTarget("[::1]:4739").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThatThrownBy(() -> DemoExporterConfig.parseTarget("localhost")).hasMessage("--target must be HOST:PORT, got localhost");
    assertThatThrownBy(() -> DemoExporterConfig.parseTarget("localhost:x")).hasMessageStartingWith("--target port must be a number");
    assertThatThrownBy(() -> DemoExporterConfig.parseTarget("localhost:70000")).hasMessageStartingWith("--target port must be 1-65535");

    assertThat(DemoProtocol.parse("NetFlow9")).isEqualTo(DemoProtocol.NETFLOW9);
    assertThatThrownBy(() -> DemoProtocol.parse("netflow5")).hasMessage("--protocol must be one of netflow9|ipfix|sflow, got netflow5");
  }
}
