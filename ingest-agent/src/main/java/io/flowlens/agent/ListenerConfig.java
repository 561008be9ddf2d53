package io.flowlens.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.DataSize;
import io.flowlens.configuration.Validated;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One element of {@code agent.listeners}: a UDP port that receives one protocol family.
 *
 * <p>{@code address} is a literal IPv4 or IPv6 address; {@code ::} binds both stacks. With
 * {@code interface} set, the listener binds every address of that NIC (of the family of
 * {@code address}, both families for {@code ::}) instead. {@code sockets} above 1 opens that many
 * SO_REUSEPORT sockets on the same port, so that the kernel spreads exporters over event loops
 * (native epoll only).
 */
public final class ListenerConfig implements Validated {
  private ListenerProtocol protocol = ListenerProtocol.NETFLOW9;
  private String address = "::";
  private int port = 2055;
  @JsonProperty("interface")
  private String interfaceName;
  private int sockets = 1;
  private DataSize receiveBuffer = DataSize.ofMebibytes(8);

  private ListenerConfig() {}

  /** A listener with the default settings for {@code protocol} on {@code address} and {@code port}. */
  public static ListenerConfig of(ListenerProtocol protocol, String address, int port) {
    ListenerConfig c = new ListenerConfig();
    c.protocol = protocol;
    c.address = address;
    c.port = port;
    return c;
  }

  public ListenerProtocol protocol() {
    return protocol;
  }

  public String address() {
    return address;
  }

  /** The UDP port; 0 binds any free port (tests). */
  public int port() {
    return port;
  }

  /** The NIC whose addresses to bind, or null to bind {@link #address()} itself. YAML key {@code interface}. */
  public String interfaceName() {
    return interfaceName == null || interfaceName.isEmpty() ? null : interfaceName;
  }

  public int sockets() {
    return sockets;
  }

  public DataSize receiveBuffer() {
    return receiveBuffer;
  }

  /** The parsed {@link #address()}; call only on a validated configuration. */
  public InetAddress inetAddress() {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("listener address '" + address + "' was not validated", e);
    }
  }

  /** True for a literal IPv4 or IPv6 address; host names are refused so that start-up never waits on DNS. */
  static boolean isLiteralAddress(String text) {
    if (text == null || text.isBlank() || !text.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(protocol != null, ConfigProblems.child(path, "protocol"), "must be one of netflow9, ipfix, sflow");
    problems.check(isLiteralAddress(address), ConfigProblems.child(path, "address"),
        "must be a literal IPv4 or IPv6 address such as 0.0.0.0, 127.0.0.1, :: (both stacks) or ::1");
    problems.check(port >= 0 && port <= 65535, ConfigProblems.child(path, "port"), "must be 0..65535 (0: any free port)");
    problems.check(interfaceName == null || interfaceName.isEmpty() || interfaceName.matches("[A-Za-z0-9._:@-]{1,64}"),
        ConfigProblems.child(path, "interface"), "must be a network interface name such as eth0, or absent");
    problems.check(sockets >= 1 && sockets <= 64, ConfigProblems.child(path, "sockets"), "must be 1..64");
    problems.check(receiveBuffer != null && receiveBuffer.bytes() >= 65_536 && receiveBuffer.bytes() <= (1L << 30),
        ConfigProblems.child(path, "receive_buffer"), "must be 64KiB..1GiB");
  }
}
