package io.flowlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The kernel's UDP counters (Linux /proc/net/snmp and snmp6): datagrams dropped for a full receive buffer. */
final class UdpStats {
  private UdpStats() {}

  /** Udp RcvbufErrors + Udp6RcvbufErrors since boot; 0 where /proc is not Linux's. */
  static long receiveBufferErrors() {
    return udp4() + udp6();
  }

  private static long udp4() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
          String[] names = lines.get(i).split("\\s+");
          String[] values = lines.get(i + 1).split("\\s+");
          for (int k = 0; k < names.length; k++) {
            if (names[k].equals("RcvbufErrors")) {
              return Long.parseLong(values[k]);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static long udp6() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/snmp6"))) {
        if (line.startsWith("Udp6RcvbufErrors")) {
          return Long.parseLong(line.split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
