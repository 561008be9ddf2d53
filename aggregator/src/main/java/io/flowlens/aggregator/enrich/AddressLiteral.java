package io.flowlens.aggregator.enrich;

/**
 * Parses IPv4 and IPv6 address literals — and nothing else: unlike {@code InetAddress.getByName}
 * it never resolves a host name, and it rejects the legacy IPv4 forms ({@code 10.1}, octal
 * {@code 010.0.0.1}) that mean different addresses to different tools.
 */
final class AddressLiteral {
  private AddressLiteral() {}

  /** 4 bytes for dotted-quad IPv4, 16 for IPv6 (RFC 4291 text forms, no zone); null when malformed. */
  static byte[] parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.indexOf(':') >= 0) {
      return ipv6(s);
    }
    return ipv4(s);
  }

  private static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !digits(p)) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static byte[] ipv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap >= 0 ? s.substring(0, gap) : s;
    String tail = gap >= 0 ? s.substring(gap + 2) : "";
    int[] headGroups = groups(head, gap < 0);
    int[] tailGroups = groups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      out[2 * i] = (byte) (headGroups[i] >>> 8);
      out[2 * i + 1] = (byte) headGroups[i];
    }
    int start = 8 - tailGroups.length;
    for (int i = 0; i < tailGroups.length; i++) {
      out[2 * (start + i)] = (byte) (tailGroups[i] >>> 8);
      out[2 * (start + i) + 1] = (byte) tailGroups[i];
    }
    return out;
  }

  /**
   * The 16-bit groups of a colon-separated run ("" is none); the last may be a dotted IPv4 address
   * (two groups) when {@code ipv4Last}, as in {@code ::ffff:192.0.2.1}. Null when malformed.
   */
  private static int[] groups(String run, boolean ipv4Last) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    String last = parts[parts.length - 1];
    byte[] v4 = ipv4Last && last.indexOf('.') >= 0 ? ipv4(last) : null;
    if (last.indexOf('.') >= 0 && v4 == null) {
      return null;
    }
    int hexCount = v4 == null ? parts.length : parts.length - 1;
    int[] out = new int[v4 == null ? hexCount : hexCount + 2];
    for (int i = 0; i < hexCount; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = hexDigit(p.charAt(j));
        if (d < 0) {
          return null;
        }
        v = v << 4 | d;
      }
      out[i] = v;
    }
    if (v4 != null) {
      out[hexCount] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
      out[hexCount + 1] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
    }
    return out;
  }

  /** ASCII only: Character.digit would also take other scripts' digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
