package io.flowlens.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  @Test
  void shouldParseAndFormatDurations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThatThrownBy(() -> Durations.parse("1 fortnight")).hasMessageContaining("500ms, 30s");
  }

  @Test
  void shouldParseSizes() {
    assertThat(DataSize.parse("65536").bytes()).isEqualTo(65536);
    assertThat(DataSize.parse("512KiB").bytes()).isEqualTo(512 * 1024);
    assertThat(DataSize.parse("8MiB").bytes()).isEqualTo(8 << 20);
    assertThat(DataSize.parse("1MB").bytes()).isEqualTo(1_000_000);
    assertThat(DataSize.parse("3GiB").toIntBytes()).isEqualTo(Integer.MAX_VALUE);
    assertThat(DataSize.ofMebibytes(4).toString()).isEqualTo("4MiB");
    assertThatThrownBy(() -> DataSize.parse("-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMatchAddressesInCidrBlocks() throws Exception {
    Cidr v4 = Cidr.parse("192.0.2.0/24");
    assertThat(v4.contains(InetAddress.getByName("192.0.2.77").getAddress())).isTrue();
    assertThat(v4.contains(InetAddress.getByName("192.0.3.1").getAddress())).isFalse();
    assertThat(v4.contains(InetAddress.getByName("::ffff:192.0.2.9").getAddress())).isTrue();
    Cidr v6 = Cidr.parse("2001:db8::/32");
    assertThat(v6.contains(InetAddress.getByName("2001:db8:1::5").getAddress())).isTrue();
    assertThat(v6.contains(InetAddress.getByName("192.0.2.1").getAddress())).isFalse();
    assertThat(Cidr.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.3").getAddress())).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8").getAddress())).isTrue();
    Cidr odd = Cidr.parse("10.64.0.0/10");
    assertThat(odd.contains(InetAddress.getByName("10.127.255.255").getAddress())).isTrue();
    assertThat(odd.contains(InetAddress.getByName("10.128.0.0").getAddress())).isFalse();
    assertThat(odd.contains(InetAddress.getByName("10.63.255.255").getAddress())).isFalse();
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("not an address");
  }
}
