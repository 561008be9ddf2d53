package io.flowlens.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text exposition. */
public final class Scrape {
  private Scrape() {}

  /** The sum of every sample of {@code name} whose labels include all of {@code labels} ("k=\"v\""); 0 when none. */
  public static double sum(String exposition, String name, String... labels) {
    double total = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)").matcher(exposition);
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String want : labels) {
        all &= l.contains(want);
      }
      if (all) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
