package io.flowlens.configuration;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number of bytes written as {@code 65536}, {@code 512KiB}, {@code 8MiB}, {@code 1GiB} (or KB/MB/GB, 1000-based). */
public record DataSize(long bytes) {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative");
    }
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize ofMebibytes(long mib) {
    return new DataSize(mib << 20);
  }

  public static DataSize parse(String text) {
    Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size such as 65536, 512KiB or 8MiB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor = switch (unit) {
      case "kb" -> 1000L;
      case "kib" -> 1L << 10;
      case "mb" -> 1000_000L;
      case "mib" -> 1L << 20;
      case "gb" -> 1000_000_000L;
      case "gib" -> 1L << 30;
      default -> 1L;
    };
    return new DataSize(Math.multiplyExact(n, factor));
  }

  /** The size as an int, for APIs that take one; sizes over 2 GiB are capped. */
  public int toIntBytes() {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  @Override
  public String toString() {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    } else if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MiB";
    } else if (bytes > 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KiB";
    }
    return Long.toString(bytes);
  }
}
