package io.flowlens.demo.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic traffic of one router, deterministic for a given seed: clients on private LANs
 * (10.0.0.0/8, 192.168.0.0/16, fd00::/8) talk to real public networks over a mix of services, in
 * both directions. A few long-lived heavy-hitter conversations, chosen with Zipf-like weights,
 * carry most of the bytes; the long tail is many small flows.
 *
 * <p>Outbound flows (LAN to Internet) are reported as observed on egress of the uplink, inbound
 * flows as observed on its ingress, as a router with ingress and egress flow monitoring on its
 * uplinks does. Drawing a flow allocates nothing.
 */
public final class TrafficModel implements FlowSource {
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int ICMP = 1;
  private static final int ICMPV6 = 58;
  private static final int TCP_FIN_SYN_PSH_ACK = 0x1B;
  private static final int TCP_PSH_ACK = 0x18;

  /** Share of flows that belong to a heavy-hitter conversation. */
  private static final double HEAVY_SHARE = 0.2;
  private static final int HEAVY_CONVERSATIONS = 16;
  private static final double IPV6_SHARE = 0.2;
  /** Flows of long-lived conversations are cut by this active timeout, as routers do. */
  private static final long ACTIVE_TIMEOUT_MILLIS = 60_000;

  private static final List<Service> SERVICES = List.of(
      new Service("https", TCP, 443, 1100, 12, 0, 40),
      new Service("quic", UDP, 443, 1200, 10, 0, 12),
      new Service("http", TCP, 80, 900, 8, 0, 8),
      new Service("dns", UDP, 53, 90, 1, 0, 15),
      new Service("ntp", UDP, 123, 76, 1, 0, 4),
      new Service("ssh", TCP, 22, 300, 20, 0x10, 3),
      new Service("smtp", TCP, 25, 700, 10, 0, 3),
      new Service("stun", UDP, 3478, 160, 30, 0xB8, 4),
      new Service("ping", ICMP, 8 << 8, 84, 4, 0, 3));
  private static final Service PING6 = new Service("ping6", ICMPV6, 128 << 8, 104, 4, 0, 3);

  private final RouterProfile router;
  private final SplittableRandom random;
  private final RouterInterface[] uplinks;
  private final RouterInterface users;
  private final RouterInterface servers;
  private final KnownNetwork[] ipv4Networks;
  private final KnownNetwork[] ipv6Networks;
  private final double[] serviceCumulative;
  private final Conversation[] heavy;
  private final double[] heavyCumulative;
  private final Conversation scratch = new Conversation();

  public TrafficModel(RouterProfile router, long seed) {
    this.router = router;
    this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (router.index() + 1)));
    this.uplinks = router.interfaces().stream().filter(RouterInterface::uplink).toArray(RouterInterface[]::new);
    RouterInterface[] lans = router.interfaces().stream().filter(i -> !i.uplink()).toArray(RouterInterface[]::new);
    if (uplinks.length == 0 || lans.length < 2) {
      throw new IllegalArgumentException("a simulated router needs an uplink and two LAN interfaces");
    }
    this.users = lans[0];
    this.servers = lans[1];
    this.ipv4Networks = KnownNetwork.CATALOGUE.stream().filter(n -> !n.ipv6()).toArray(KnownNetwork[]::new);
    this.ipv6Networks = KnownNetwork.CATALOGUE.stream().filter(KnownNetwork::ipv6).toArray(KnownNetwork[]::new);
    this.serviceCumulative = new double[SERVICES.size()];
    double sum = 0;
    for (int i = 0; i < SERVICES.size(); i++) {
      sum += SERVICES.get(i).weight();
      serviceCumulative[i] = sum;
    }
    this.heavy = new Conversation[HEAVY_CONVERSATIONS];
    this.heavyCumulative = new double[HEAVY_CONVERSATIONS];
    double zipf = 0;
    for (int rank = 1; rank <= HEAVY_CONVERSATIONS; rank++) {
      Conversation c = new Conversation();
      randomConversation(c);
      // Heavy hitters are bulk transfers: HTTPS or QUIC, a stable client port, big flows.
      c.service = random.nextBoolean() ? SERVICES.get(0) : SERVICES.get(1);
      c.scale = 400.0 / rank;
      heavy[rank - 1] = c;
      zipf += 1.0 / rank;
      heavyCumulative[rank - 1] = zipf;
    }
  }

  /** The router whose traffic this is. */
  public RouterProfile router() {
    return router;
  }

  @Override
  public void next(SyntheticFlow f, long nowMillis) {
    Conversation c;
    if (random.nextDouble() < HEAVY_SHARE) {
      c = heavy[pick(heavyCumulative)];
    } else {
      c = scratch;
      randomConversation(c);
    }
    boolean outbound = random.nextInt(3) == 0; // responses (inbound) outnumber requests
    fill(f, c, outbound, nowMillis);
  }

  private void randomConversation(Conversation c) {
    c.ipv6 = random.nextDouble() < IPV6_SHARE;
    c.lan = c.ipv6 || random.nextInt(5) != 0 ? users : servers;
    int r = router.index() & 0xFF;
    byte[] client = c.client;
    Arrays.fill(client, (byte) 0);
    if (c.ipv6) {
      client[0] = (byte) 0xFD;
      client[2] = (byte) r;
      client[3] = 0x01;
      for (int i = 8; i < 16; i++) {
        client[i] = (byte) random.nextInt(256);
      }
      c.clientPrefixLength = 64;
      KnownNetwork n = ipv6Networks[random.nextInt(ipv6Networks.length)];
      c.network = n;
      n.host(random.nextInt(4) == 0 ? 0 : random.nextInt(1, 1 << 16), c.server);
      c.service = random.nextInt(8) == 0 ? PING6 : SERVICES.get(pick(serviceCumulative));
      if (c.service.protocol() == ICMP) {
        c.service = PING6;
      }
    } else {
      if (c.lan == users) {
        client[0] = 10;
        client[1] = (byte) (10 + r);
        client[2] = (byte) random.nextInt(256);
        client[3] = (byte) random.nextInt(1, 255);
        c.clientPrefixLength = 16;
      } else {
        client[0] = (byte) 192;
        client[1] = (byte) 168;
        client[2] = (byte) (1 + r);
        client[3] = (byte) random.nextInt(1, 255);
        c.clientPrefixLength = 24;
      }
      KnownNetwork n = ipv4Networks[random.nextInt(ipv4Networks.length)];
      c.network = n;
      n.host(random.nextInt(4) == 0 ? 0 : random.nextInt(1, 1 << 16), c.server);
      c.service = SERVICES.get(pick(serviceCumulative));
    }
    c.clientPort = random.nextInt(32768, 61000);
    c.uplink = uplinks[(int) (c.network.asn() % uplinks.length)];
    c.scale = 1;
  }

  private void fill(SyntheticFlow f, Conversation c, boolean outbound, long nowMillis) {
    Service s = c.service;
    int len = c.ipv6 ? 16 : 4;
    f.ipv6 = c.ipv6;
    f.protocol = s.protocol();
    boolean icmp = s.protocol() == ICMP || s.protocol() == ICMPV6;
    long meanPackets = Math.max(1, Math.round(s.meanPackets() * c.scale));
    // Requests are a few small packets; responses carry the payload.
    long packets = outbound ? Math.max(1, meanPackets / 3) : meanPackets;
    packets = Math.max(1, Math.round(packets * (0.5 + random.nextDouble())));
    int packetBytes = outbound && !icmp ? Math.min(s.meanPacketBytes(), 120) : s.meanPacketBytes();
    packetBytes = Math.max(c.ipv6 ? 60 : 40, (int) (packetBytes * (0.8 + 0.4 * random.nextDouble())));
    f.packets = packets;
    f.octets = packets * packetBytes;
    long duration = packets <= 1 ? 0 : Math.min(ACTIVE_TIMEOUT_MILLIS, packets * (5 + random.nextInt(40)));
    f.endMillis = nowMillis - random.nextInt(500);
    f.startMillis = f.endMillis - duration;
    f.tos = s.tos();
    f.tcpFlags = s.protocol() == TCP ? (c.scale > 1 ? TCP_PSH_ACK : TCP_FIN_SYN_PSH_ACK) : 0;
    if (outbound) {
      System.arraycopy(c.client, 0, f.srcAddr, 0, len);
      System.arraycopy(c.server, 0, f.dstAddr, 0, len);
      f.srcPort = icmp ? 0 : c.clientPort;
      f.dstPort = s.port();
      f.srcAs = 0;
      f.dstAs = c.network.asn();
      f.srcPrefixLength = c.clientPrefixLength;
      f.dstPrefixLength = c.network.prefixLength();
      f.inputInterface = c.lan.ifIndex();
      f.outputInterface = c.uplink.ifIndex();
      f.direction = 1;
      f.vlan = c.lan.vlan();
      f.srcMac = clientMac(c);
      f.dstMac = c.lan.mac();
      uplinkNextHop(f, c);
    } else {
      System.arraycopy(c.server, 0, f.srcAddr, 0, len);
      System.arraycopy(c.client, 0, f.dstAddr, 0, len);
      f.srcPort = icmp ? 0 : s.port();
      f.dstPort = icmp ? (s.protocol() == ICMP ? 0 : 129 << 8) : c.clientPort;
      f.srcAs = c.network.asn();
      f.dstAs = 0;
      f.srcPrefixLength = c.network.prefixLength();
      f.dstPrefixLength = c.clientPrefixLength;
      f.inputInterface = c.uplink.ifIndex();
      f.outputInterface = c.lan.ifIndex();
      f.direction = 0;
      f.vlan = c.uplink.vlan();
      f.srcMac = 0x0200_00FF_0001L | ((long) c.uplink.ifIndex() << 8);
      f.dstMac = c.uplink.mac();
      // Directly connected LAN: the next hop is the client itself.
      System.arraycopy(c.client, 0, f.nextHop, 0, len);
    }
  }

  private static void uplinkNextHop(SyntheticFlow f, Conversation c) {
    byte[] nh = f.nextHop;
    Arrays.fill(nh, (byte) 0);
    if (c.ipv6) {
      // The provider's router on the uplink, by its link-local address.
      nh[0] = (byte) 0xFE;
      nh[1] = (byte) 0x80;
      nh[15] = (byte) c.uplink.ifIndex();
    } else {
      // Provider-facing links numbered from the shared address space (RFC 6598).
      nh[0] = 100;
      nh[1] = 64;
      nh[2] = (byte) c.uplink.ifIndex();
      nh[3] = 1;
    }
  }

  private static long clientMac(Conversation c) {
    int last = (c.ipv6 ? 16 : 4) - 1;
    return 0x0200_0000_0000L | 0x00FE_0000_0000L
        | (c.client[last - 2] & 0xFFL) << 16
        | (c.client[last - 1] & 0xFFL) << 8
        | (c.client[last] & 0xFFL);
  }

  private int pick(double[] cumulative) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** A kind of traffic: protocol, server port and typical sizes. */
  private record Service(String name, int protocol, int port, int meanPacketBytes, int meanPackets, int tos, int weight) {}

  /** A client/server pair on one service; reused for tail flows, kept for heavy hitters. */
  private static final class Conversation {
    boolean ipv6;
    final byte[] client = new byte[16];
    final byte[] server = new byte[16];
    int clientPrefixLength;
    int clientPort;
    KnownNetwork network;
    Service service;
    RouterInterface lan;
    RouterInterface uplink;
    double scale;
  }
}
