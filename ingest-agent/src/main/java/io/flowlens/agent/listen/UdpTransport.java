package io.flowlens.agent.listen;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport for UDP: native epoll where it loads (Linux; needed for SO_REUSEPORT), Java NIO
 * elsewhere.
 */
public final class UdpTransport {
  private final boolean epoll;

  private UdpTransport(boolean epoll) {
    this.epoll = epoll;
  }

  /** Epoll when available. */
  public static UdpTransport best() {
    return new UdpTransport(Epoll.isAvailable());
  }

  public boolean isEpoll() {
    return epoll;
  }

  /** An event loop group of {@code threads} named for the agent's listeners. */
  public EventLoopGroup newGroup(int threads) {
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("flowlens-udp", true), factory);
  }

  public Class<? extends DatagramChannel> channelClass() {
    return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
