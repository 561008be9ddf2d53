package io.flowlens.bench;

import io.flowlens.decoders.NetflowDecoder;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.UdpDatagram;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays the real NetFlow v9 datagrams of a capture (softflowd's export_netflow9.pcap) to a collector,
 * paced at a target number of flow records per second for a fixed time, as {@code exporters}
 * independent exporters (one UDP socket each). Every exporter first sends the capture's datagrams
 * that carry templates, then cycles through all datagrams; each datagram's header sequence number is
 * rewritten so that every exporter's sequence is consecutive. Prints what it sent as one line:
 * {@code sent_records=N sent_datagrams=N seconds=S}.
 *
 * <p>Usage: {@code UdpReplay HOST PORT PCAP RECORDS_PER_S SECONDS [EXPORTERS]}
 */
public final class UdpReplay {
  private record Datagram(byte[] payload, int records, boolean templates) {}

  private UdpReplay() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: UdpReplay HOST PORT PCAP RECORDS_PER_S SECONDS [EXPORTERS]");
      System.exit(2);
    }
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    List<Datagram> datagrams = load(Path.of(args[2]));
    double rate = Double.parseDouble(args[3]);
    double seconds = Double.parseDouble(args[4]);
    int exporters = args.length > 5 ? Integer.parseInt(args[5]) : 2;

    List<DatagramChannel> sockets = new ArrayList<>();
    for (int i = 0; i < exporters; i++) {
      DatagramChannel c = DatagramChannel.open();
      c.bind(new InetSocketAddress(target.getAddress(), 0));
      c.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
      sockets.add(c);
    }
    long[] sequences = new long[exporters];
    long records = 0;
    long sent = 0;
    for (int e = 0; e < exporters; e++) {
      for (Datagram d : datagrams) {
        if (d.templates()) {
          send(sockets.get(e), target, d, sequences[e]++);
          records += d.records();
          sent++;
        }
      }
    }
    Thread.sleep(200); // templates first: let the collector learn them before the data flood
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long paced = 0;
    int next = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      long due = (long) ((now - start) / 1e9 * rate);
      if (paced >= due) {
        LockSupport.parkNanos(20_000);
        continue;
      }
      Datagram d = datagrams.get(next % datagrams.size());
      int e = (next / datagrams.size()) % exporters;
      send(sockets.get(e), target, d, sequences[e]++);
      paced += d.records();
      next++;
      sent++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    records += paced;
    for (DatagramChannel c : sockets) {
      c.close();
    }
    System.out.printf("sent_records=%d sent_datagrams=%d seconds=%.3f%n", records, sent, elapsed);
  }

  private static void send(DatagramChannel socket, InetSocketAddress target, Datagram d, long sequence)
      throws java.io.IOException {
    ByteBuffer b = ByteBuffer.wrap(d.payload().clone());
    b.putInt(12, (int) sequence);
    socket.send(b, target);
  }

  /** The capture's NetFlow v9 datagrams with their flow record counts (decoded once, exactly). */
  private static List<Datagram> load(Path pcap) throws java.io.IOException {
    NetflowDecoder decoder = new NetflowDecoder(new TemplateCache());
    List<Datagram> out = new ArrayList<>();
    for (UdpDatagram u : PcapReader.read(pcap)) {
      var result = decoder.decode(Unpooled.wrappedBuffer(u.payload()), u.source());
      if (u.payload().length >= 20 && (u.payload()[0] << 8 | u.payload()[1]) == 9) {
        out.add(new Datagram(u.payload(), result.flows().size(), result.templateRecords() > 0));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(pcap + " holds no NetFlow v9 datagrams");
    }
    return out;
  }
}
