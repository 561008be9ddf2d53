package io.flowlens.aggregator.window;

import io.flowlens.schema.AddressText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Series keys: compact binary keys of the stores and the repartition topic, decoded into label values
 * only at scrape time (formatting addresses per flow would cost more than the whole aggregation).
 *
 * <pre>
 * byte 0      aggregation index
 * byte 1      0: a series; 1: the aggregation's __other__ series (nothing follows)
 * then per dimension, in the aggregation's order:
 *   address   1 length byte (0, 4 or 16) + the address, already truncated to the configured prefix;
 *             shown in RFC 5952 form ({@link AddressText}), with "/prefix" when truncated
 *   number    8 bytes, big endian
 *   text      2 length bytes + UTF-8
 * </pre>
 *
 * Instances are not thread-safe: each processor owns one (it reuses its buffer).
 */
public final class SeriesKeyCodec {
  /** The interfaces aggregation's two contributions of one flow. */
  public enum Side { IN, OUT }

  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  /**
   * The UTF-8 form of recently seen label texts, by identity: a flow's texts are the same few String
   * instances (the GeoIP cache's and constants), which need not be encoded again for every flow.
   */
  private final String[] textSeen = new String[256];
  private final byte[][] textUtf8 = new byte[256][];

  /** The key of {@code flow}'s series in {@code spec}; {@code side} matters to the interfaces aggregation only. */
  public byte[] encode(AggregationSpec spec, NormalizedFlow flow, Side side) {
    ByteBuffer b = put(spec, flow, side);
    return Arrays.copyOf(b.array(), b.position());
  }

  /**
   * Writes the key of {@code flow}'s series into this codec's own buffer ({@link #buffer}) and returns
   * its length: no copy, for the combiner's lookup of every flow.
   */
  public int write(AggregationSpec spec, NormalizedFlow flow, Side side) {
    return put(spec, flow, side).position();
  }

  /** The array {@link #write} wrote into; its content is valid until the next call. */
  public byte[] buffer() {
    return buffer.array();
  }

  private ByteBuffer put(AggregationSpec spec, NormalizedFlow flow, Side side) {
    ByteBuffer b = buffer.clear();
    b.put((byte) spec.index()).put((byte) 0);
    List<Dimension> dimensions = spec.dimensions();
    for (int i = 0, n = dimensions.size(); i < n; i++) {
      switch (dimensions.get(i)) {
        case EXPORTER -> putAddress(b, flow.exporter(), 32, 128);
        case SRC_IP -> putAddress(b, flow.src(), spec.srcPrefix(), spec.srcPrefix6());
        case DST_IP -> putAddress(b, flow.dst(), spec.dstPrefix(), spec.dstPrefix6());
        case SRC_PORT -> b.putLong(flow.srcPort());
        case DST_PORT -> b.putLong(flow.dstPort());
        case PROTO -> b.putLong(flow.proto());
        case IN_IF -> b.putLong(flow.inIf());
        case OUT_IF -> b.putLong(flow.outIf());
        case SRC_ASN -> b.putLong(flow.srcAsn());
        case DST_ASN -> b.putLong(flow.dstAsn());
        case SRC_AS_ORG -> putText(b, flow.srcGeo().asOrganization());
        case DST_AS_ORG -> putText(b, flow.dstGeo().asOrganization());
        case SRC_COUNTRY -> putText(b, flow.srcGeo().country());
        case DST_COUNTRY -> putText(b, flow.dstGeo().country());
        case SRC_CITY -> putText(b, flow.srcGeo().city());
        case DST_CITY -> putText(b, flow.dstGeo().city());
        case DIRECTION -> putText(b, flow.direction());
        case TOS -> b.putLong(flow.tos());
        case INTERFACE -> b.putLong(side == Side.IN ? flow.inIf() : flow.outIf());
        case INTERFACE_DIRECTION -> putText(b, side == Side.IN ? "in" : "out");
      }
    }
    return b;
  }

  /** The key of {@code spec}'s {@code __other__} series. */
  public static byte[] other(AggregationSpec spec) {
    return new byte[] {(byte) spec.index(), 1};
  }

  /** The aggregation index a key belongs to. */
  public static int aggregation(byte[] key) {
    return key[0] & 0xff;
  }

  public static boolean isOther(byte[] key) {
    return key.length >= 2 && key[1] == 1;
  }

  /** The label values of a key, one per dimension of {@code spec}; all {@code __other__} for that series. */
  public static String[] labels(AggregationSpec spec, byte[] key) {
    String[] values = new String[spec.dimensions().size()];
    if (isOther(key)) {
      Arrays.fill(values, AggregationSpec.OTHER);
      return values;
    }
    ByteBuffer b = ByteBuffer.wrap(key, 2, key.length - 2);
    for (int i = 0; i < values.length; i++) {
      Dimension d = spec.dimensions().get(i);
      values[i] = switch (d.kind()) {
        case ADDRESS -> address(b, d == Dimension.SRC_IP ? spec.srcPrefix() : d == Dimension.DST_IP ? spec.dstPrefix() : 32,
            d == Dimension.SRC_IP ? spec.srcPrefix6() : d == Dimension.DST_IP ? spec.dstPrefix6() : 128);
        case NUMBER -> Long.toString(b.getLong());
        case TEXT -> text(b);
      };
    }
    return values;
  }

  private static void putAddress(ByteBuffer b, byte[] address, int prefix4, int prefix6) {
    b.put((byte) address.length);
    int prefix = address.length == 4 ? prefix4 : prefix6;
    int start = b.position();
    b.put(address);
    if (address.length > 0 && prefix < address.length * 8) {
      byte[] a = b.array();
      for (int bit = prefix; bit < address.length * 8; bit++) {
        a[start + bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
    }
  }

  private void putText(ByteBuffer b, String text) {
    byte[] utf8 = utf8(text);
    int n = Math.min(utf8.length, 1024);
    b.putShort((short) n).put(utf8, 0, n);
  }

  private byte[] utf8(String text) {
    int slot = System.identityHashCode(text) & (textSeen.length - 1);
    if (textSeen[slot] != text) {
      textUtf8[slot] = text.getBytes(StandardCharsets.UTF_8);
      textSeen[slot] = text;
    }
    return textUtf8[slot];
  }

  private static String address(ByteBuffer b, int prefix4, int prefix6) {
    int n = b.get();
    if (n == 0) {
      return "";
    }
    byte[] a = new byte[n];
    b.get(a);
    // The one text form of addresses in the product (RFC 5952: 2001:db8::1), as in the agent's labels.
    String text = AddressText.format(a);
    int prefix = n == 4 ? prefix4 : prefix6;
    return prefix < n * 8 ? text + "/" + prefix : text;
  }

  private static String text(ByteBuffer b) {
    int n = b.getShort();
    String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }
}
