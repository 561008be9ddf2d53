package io.flowlens.demo.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficModelTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final RouterProfile ROUTER = RouterProfile.simulated(1, new byte[] {127, 0, 0, 12});

  private static List<SyntheticFlow> draw(TrafficModel model, int n) {
    List<SyntheticFlow> flows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SyntheticFlow f = new SyntheticFlow();
      model.next(f, NOW);
      flows.add(f);
    }
    return flows;
  }

  private static String address(SyntheticFlow f, byte[] a) throws Exception {
    return InetAddress.getByAddress(Arrays.copyOf(a, f.addressLength())).getHostAddress();
  }

  @Test
  void shouldBeDeterministicForASeed() {
    List<SyntheticFlow> a = draw(new TrafficModel(ROUTER, 7), 500);
    List<SyntheticFlow> b = draw(new TrafficModel(ROUTER, 7), 500);
    List<SyntheticFlow> c = draw(new TrafficModel(ROUTER, 8), 500);
    for (int i = 0; i < 500; i++) {
      assertThat(a.get(i)).usingRecursiveComparison().isEqualTo(b.get(i));
    }
    assertThat(a).usingRecursiveFieldByFieldElementComparator().isNotEqualTo(c);
  }

  @Test
  void shouldMixPrivateClientsWithRealPublicNetworksOverBothFamilies() throws Exception {
    List<SyntheticFlow> flows = draw(new TrafficModel(ROUTER, 1), 20_000);
    Set<Long> asns = new HashSet<>();
    Set<Integer> protocols = new HashSet<>();
    Set<Integer> serverPorts = new HashSet<>();
    int ipv6 = 0;
    for (SyntheticFlow f : flows) {
      boolean outbound = f.direction == 1;
      byte[] client = outbound ? f.srcAddr : f.dstAddr;
      byte[] server = outbound ? f.dstAddr : f.srcAddr;
      InetAddress c = InetAddress.getByAddress(Arrays.copyOf(client, f.addressLength()));
      assertThat(c.isSiteLocalAddress() || (client[0] & 0xFF) == 0xFD).as(address(f, client)).isTrue();
      long asn = outbound ? f.dstAs : f.srcAs;
      KnownNetwork network = KnownNetwork.CATALOGUE.stream()
          .filter(n -> n.asn() == asn && n.ipv6() == f.ipv6 && contains(n, server))
          .findFirst().orElse(null);
      assertThat(network).as("server %s in a catalogue network of AS%d", address(f, server), asn).isNotNull();
      assertThat(outbound ? f.dstPrefixLength : f.srcPrefixLength).isEqualTo(network.prefixLength());
      assertThat(f.startMillis).isLessThanOrEqualTo(f.endMillis);
      assertThat(f.endMillis).isLessThanOrEqualTo(NOW).isGreaterThan(NOW - 1000);
      assertThat(f.octets).isGreaterThanOrEqualTo(f.packets * 40);
      assertThat(ROUTER.byIndex(f.inputInterface)).isNotNull();
      assertThat(ROUTER.byIndex(f.outputInterface)).isNotNull();
      assertThat(ROUTER.byIndex(outbound ? f.outputInterface : f.inputInterface).uplink()).isTrue();
      asns.add(asn);
      protocols.add(f.protocol);
      serverPorts.add(outbound ? f.dstPort : f.srcPort);
      ipv6 += f.ipv6 ? 1 : 0;
    }
    assertThat(asns).contains(15169L, 13335L, 19281L, 16509L, 32934L, 36459L, 54113L, 3333L);
    assertThat(protocols).containsExactlyInAnyOrder(1, 6, 17, 58);
    assertThat(serverPorts).contains(443, 80, 53, 123, 22, 25, 3478);
    assertThat(ipv6).isBetween(2_000, 6_000);
  }

  @Test
  void shouldLetAFewHeavyHittersCarryMostBytes() {
    Map<String, Long> bytesByPair = new HashMap<>();
    long total = 0;
    for (SyntheticFlow f : draw(new TrafficModel(ROUTER, 3), 50_000)) {
      String pair = Arrays.toString(f.srcAddr) + Arrays.toString(f.dstAddr);
      bytesByPair.merge(pair, f.octets, Long::sum);
      total += f.octets;
    }
    long top = bytesByPair.values().stream().sorted((x, y) -> Long.compare(y, x)).limit(32).mapToLong(Long::longValue).sum();
    // 16 conversations, both directions: 32 address pairs out of thousands
    assertThat(bytesByPair.size()).isGreaterThan(10_000);
    assertThat((double) top / total).isGreaterThan(0.6);
  }

  private static boolean contains(KnownNetwork n, byte[] address) {
    int bits = n.prefixLength();
    for (int i = 0; i < n.prefix().length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
      if ((address[i] & mask) != (n.prefix()[i] & mask)) {
        return false;
      }
    }
    return true;
  }
}
