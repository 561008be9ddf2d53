package io.flowlens.schema;

/**
 * The text of the 4- or 16-byte addresses a {@link FlowRecord} carries, as operators read and write
 * them: IPv4 dotted quad, IPv6 in the RFC 5952 canonical form ({@code 2001:db8::1}: lower case,
 * leading zeros dropped, the longest run of two or more zero groups — the first of equal runs —
 * written {@code ::}). Label values in Prometheus use this form, so PromQL selectors can be written
 * the way addresses are written everywhere else.
 */
public final class AddressText {
  private AddressText() {}

  /** "" for an empty address; otherwise the canonical text. */
  public static String format(byte[] address) {
    if (address.length == 0) {
      return "";
    }
    if (address.length == 4) {
      return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("not an IP address: " + address.length + " bytes");
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
