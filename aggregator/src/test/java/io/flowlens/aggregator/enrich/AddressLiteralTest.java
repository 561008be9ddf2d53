package io.flowlens.aggregator.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals for /api/lookup: parsed exactly, never resolved. */
class AddressLiteralTest {
  @ParameterizedTest
  @CsvSource({
      "8.8.8.8, 8.8.8.8",
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "' 192.0.2.1 ', 192.0.2.1",
      "::, ::",
      "::1, ::1",
      "1::, 1::",
      "2001:db8::1, 2001:db8::1",
      "2001:4860:4860::8888, 2001:4860:4860::8888",
      "2001:DB8:0:0:8:800:200C:417A, 2001:db8::8:800:200c:417a",
      "::ffff:192.0.2.1, ::ffff:192.0.2.1",
      "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
      "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
  })
  void shouldParseTheTextFormsOfAddresses(String text, String same) throws Exception {
    byte[] expected = InetAddress.getByName(same).getAddress();
    byte[] parsed = AddressLiteral.parse(text);

    // getByName returns IPv4-mapped addresses as 4 bytes; the literal parser keeps what was written.
    if (parsed.length == 16 && expected.length == 4) {
      assertThat(InetAddress.getByAddress(parsed).getAddress()).isEqualTo(expected);
    } else {
      assertThat(parsed).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "example.com", "localhost", "1.2.3", "127.1", "1.2.3.4.5", "1.2.3.4.", "256.1.1.1",
      "010.0.0.1", "+1.2.3.4", "1.2.3.-4", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":::", "1::2::3", ":1::", "1::2:",
      "12345::", "g::1", "::1%eth0", "[::1]", "1.2.3.4::", "::1.2.3", "::ffff:1.2.3.4:5", "1:2:3:4:5:6:7:8::",
      "::1:2:3:4:5:6:7:8", "١.٢.٣.٤", "١::"})
  void shouldRejectAnythingButAnAddressLiteral(String text) {
    assertThat(AddressLiteral.parse(text)).isNull();
  }

  @Property
  void shouldParseWhatTheJdkPrintsForAnyIpv6Address(@ForAll @Size(16) byte[] address) throws Exception {
    String text = InetAddress.getByAddress(address).getHostAddress();

    assertThat(InetAddress.getByAddress(AddressLiteral.parse(text)).getAddress())
        .isEqualTo(InetAddress.getByAddress(address).getAddress());
  }

  @Property
  void shouldParseWhatTheJdkPrintsForAnyIpv4Address(@ForAll @Size(4) byte[] address) throws Exception {
    String text = InetAddress.getByAddress(address).getHostAddress();

    assertThat(AddressLiteral.parse(text)).isEqualTo(address);
  }
}
