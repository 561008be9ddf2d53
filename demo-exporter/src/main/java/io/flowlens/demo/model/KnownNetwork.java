package io.flowlens.demo.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A real, publicly routed network of a well-known organisation. The demo sends traffic to and from
 * these so that GeoIP and ASN enrichment show real countries and organisations on the dashboards.
 *
 * @param organisation who announces the prefix
 * @param prefix the network address, 4 or 16 bytes
 * @param prefixLength the announced prefix length
 * @param asn the origin AS number
 * @param wellKnownHost a host inside the prefix that the demo favours (a resolver, a front end)
 */
public record KnownNetwork(String organisation, byte[] prefix, int prefixLength, long asn, byte[] wellKnownHost) {

  /**
   * Networks the demo talks to. The documentation ranges (192.0.2.0/24, 198.51.100.0/24,
   * 203.0.113.0/24, 2001:db8::/32) are deliberately absent: they have no GeoIP or ASN entry.
   */
  public static final List<KnownNetwork> CATALOGUE = List.of(
      of("Google", "8.8.8.0", 24, 15169, "8.8.8.8"),
      of("Google", "142.250.0.0", 15, 15169, "142.250.185.78"),
      of("Cloudflare", "1.1.1.0", 24, 13335, "1.1.1.1"),
      of("Cloudflare", "104.16.0.0", 13, 13335, "104.16.132.229"),
      of("Quad9", "9.9.9.0", 24, 19281, "9.9.9.9"),
      of("Amazon", "13.32.0.0", 15, 16509, "13.32.99.10"),
      of("Facebook", "31.13.64.0", 18, 32934, "31.13.72.36"),
      of("GitHub", "140.82.112.0", 20, 36459, "140.82.112.3"),
      of("Fastly", "151.101.0.0", 16, 54113, "151.101.1.69"),
      of("RIPE NCC", "193.0.0.0", 21, 3333, "193.0.6.139"),
      of("Microsoft", "13.107.0.0", 16, 8075, "13.107.42.14"),
      of("Apple", "17.253.0.0", 16, 714, "17.253.144.10"),
      of("Google", "2001:4860:4860::", 48, 15169, "2001:4860:4860::8888"),
      of("Cloudflare", "2606:4700:4700::", 48, 13335, "2606:4700:4700::1111"),
      of("Quad9", "2620:fe::", 48, 19281, "2620:fe::fe"),
      of("Facebook", "2a03:2880::", 32, 32934, "2a03:2880:f12f:83:face:b00c:0:25de"),
      of("RIPE NCC", "2001:67c:2e8::", 48, 3333, "2001:67c:2e8:22::c100:68b"));

  public boolean ipv6() {
    return prefix.length == 16;
  }

  /**
   * Writes a host of this network into {@code into}: the well-known host when {@code variant} is
   * 0, otherwise the prefix with {@code variant} folded into its host bits (at most the low 16).
   */
  public void host(int variant, byte[] into) {
    if (variant == 0) {
      System.arraycopy(wellKnownHost, 0, into, 0, wellKnownHost.length);
      return;
    }
    System.arraycopy(prefix, 0, into, 0, prefix.length);
    int hostBits = Math.min(16, prefix.length * 8 - prefixLength);
    int offset = (variant & ((1 << hostBits) - 1)) | 1;
    int last = prefix.length - 1;
    into[last] = (byte) (into[last] | offset);
    into[last - 1] = (byte) (into[last - 1] | (offset >>> 8));
  }

  private static KnownNetwork of(String organisation, String prefix, int length, long asn, String host) {
    return new KnownNetwork(organisation, literal(prefix), length, asn, literal(host));
  }

  /** Parses an address literal; InetAddress.getByName does no lookup for literals. */
  static byte[] literal(String address) {
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + address, e);
    }
  }
}
