package io.flowlens.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextTest {
  @ParameterizedTest
  @CsvSource({
      "192.0.2.1, 192.0.2.1",
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:0001, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
      "fe80:0:0:0:0:0:0:0, fe80::",
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      "2a0c:8880:2:0:185:21:130:39, 2a0c:8880:2:0:185:21:130:39",
  })
  void shouldWriteTheCanonicalForm(String address, String canonical) throws Exception {
    assertThat(AddressText.format(InetAddress.getByName(address).getAddress())).isEqualTo(canonical);
  }

  @Test
  void shouldWriteAnEmptyAddressAsEmptyText() {
    assertThat(AddressText.format(new byte[0])).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5, 17})
  void shouldRejectWhatIsNoAddress(int length) {
    assertThatThrownBy(() -> AddressText.format(new byte[length])).isInstanceOf(IllegalArgumentException.class);
  }
}
