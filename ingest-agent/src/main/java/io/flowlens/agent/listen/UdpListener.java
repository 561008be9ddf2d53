package io.flowlens.agent.listen;

import io.flowlens.agent.ListenerConfig;
import io.flowlens.schema.AddressText;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannelConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured listener: binds its address (or every address of its NIC) with {@code sockets}
 * SO_REUSEPORT sockets each, all on one port. A failure to bind is fatal and names the listener by its
 * YAML path, address and port.
 */
public final class UdpListener implements AutoCloseable {
  /** The largest UDP payload (IPv4 65,507; the buffer takes any datagram the kernel can hand over). */
  static final int MAX_DATAGRAM = 65_535;
  private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

  private final String path;
  private final ListenerConfig config;
  private final UdpTransport transport;
  private final EventLoopGroup group;
  private final ChannelHandler handler;
  private final List<Channel> channels = new ArrayList<>();

  /** {@code path} is the listener's YAML path, e.g. {@code agent.listeners[0]}, for messages. */
  public UdpListener(String path, ListenerConfig config, UdpTransport transport, EventLoopGroup group,
      ChannelHandler handler) {
    this.path = path;
    this.config = config;
    this.transport = transport;
    this.group = group;
    this.handler = handler;
  }

  /** Binds every socket; throws {@link IllegalStateException} naming the listener when one cannot be bound. */
  public void start() {
    int port = config.port();
    int sockets = config.sockets();
    if (sockets > 1 && !transport.isEpoll()) {
      LOG.warn("{}: sockets {} needs native epoll (SO_REUSEPORT), which is not available here: using 1 socket",
          path, sockets);
      sockets = 1;
    }
    for (InetAddress address : bindAddresses()) {
      for (int i = 0; i < sockets; i++) {
        InetSocketAddress local = bind(new InetSocketAddress(address, port), sockets > 1);
        // Port 0 picks a free port once; every other socket of this listener joins that port.
        port = local.getPort();
      }
    }
  }

  private InetSocketAddress bind(InetSocketAddress local, boolean reusePort) {
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(transport.channelClass())
        .option(ChannelOption.SO_RCVBUF, config.receiveBuffer().toIntBytes())
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(64))
        .handler(handler);
    if (reusePort) {
      b.option(EpollChannelOption.SO_REUSEPORT, true);
    }
    ChannelFuture f = b.bind(local).awaitUninterruptibly();
    if (!f.isSuccess()) {
      throw new IllegalStateException(path + ": cannot bind UDP " + format(local) + " ("
          + config.protocol().name().toLowerCase(java.util.Locale.ROOT) + "): " + f.cause().getMessage(), f.cause());
    }
    Channel channel = f.channel();
    synchronized (channels) {
      channels.add(channel);
    }
    int granted = ((DatagramChannelConfig) channel.config()).getReceiveBufferSize();
    if (granted < config.receiveBuffer().toIntBytes()) {
      LOG.warn("{}: the kernel granted a receive buffer of {} bytes of the {} configured (receive_buffer); "
          + "raise net.core.rmem_max to absorb bursts", path, granted, config.receiveBuffer().toIntBytes());
    }
    InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
    LOG.info("{}: listening for {} on UDP {} ({})", path, config.protocol().name().toLowerCase(java.util.Locale.ROOT),
        format(bound), transport.isEpoll() ? "epoll" : "nio");
    return bound;
  }

  private List<InetAddress> bindAddresses() {
    InetAddress configured = config.inetAddress();
    if (config.interfaceName() == null) {
      return List.of(configured);
    }
    NetworkInterface nic;
    try {
      nic = NetworkInterface.getByName(config.interfaceName());
    } catch (SocketException e) {
      nic = null;
    }
    if (nic == null) {
      throw new IllegalStateException(path + ".interface: no network interface named '" + config.interfaceName() + "'");
    }
    boolean any = configured.isAnyLocalAddress();
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
      boolean sameFamily = (a instanceof Inet4Address) == (configured instanceof Inet4Address);
      boolean dualStack = any && configured instanceof Inet6Address;
      if (sameFamily || dualStack) {
        out.add(a);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(path + ".interface: " + config.interfaceName() + " has no "
          + (configured instanceof Inet4Address ? "IPv4 " : "") + "address to bind");
    }
    return out;
  }

  /** Every bound socket's local address (one per socket). */
  public List<InetSocketAddress> boundAddresses() {
    synchronized (channels) {
      return channels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }
  }

  /** True when every socket is bound and open. */
  public boolean isBound() {
    synchronized (channels) {
      return !channels.isEmpty() && channels.stream().allMatch(Channel::isActive);
    }
  }

  public String path() {
    return path;
  }

  @Override
  public void close() {
    List<Channel> open;
    synchronized (channels) {
      open = List.copyOf(channels);
      channels.clear();
    }
    open.forEach(c -> c.close().awaitUninterruptibly());
  }

  private static String format(InetSocketAddress a) {
    String host = AddressText.format(a.getAddress().getAddress());
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
