package io.flowlens.decoders.template;

import java.util.function.Predicate;

/**
 * An immutable map from template id (0..65535) to a {@link TemplateTable.Entry}: open addressing
 * over two arrays, so that a lookup is a hash and a few array reads, with no boxing and no lock.
 * A {@link DomainState} publishes a new table through a volatile field whenever its set of
 * templates changes; readers keep using the table they read.
 */
final class TemplateTable {
  static final TemplateTable EMPTY = new TemplateTable(new int[2], new Entry[2], 0);

  /**
   * A template and when it was last announced. The time is refreshed in place (a refresh is far
   * more frequent than a change of the templates, and must not copy the table).
   */
  static final class Entry {
    final Template template;
    volatile long refreshedAtMillis;

    Entry(Template template, long refreshedAtMillis) {
      this.template = template;
      this.refreshedAtMillis = refreshedAtMillis;
    }
  }

  private final int[] ids;
  private final Entry[] entries;
  private final int mask;
  private final int size;

  private TemplateTable(int[] ids, Entry[] entries, int size) {
    this.ids = ids;
    this.entries = entries;
    this.mask = entries.length - 1;
    this.size = size;
  }

  /** The entry of this template id, or null. */
  Entry get(int id) {
    final Entry[] e = entries;
    final int[] keys = ids;
    int i = slot(id) & mask;
    Entry found;
    while ((found = e[i]) != null) {
      if (keys[i] == id) {
        return found;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  int size() {
    return size;
  }

  /** This table with {@code entry} added, or replacing the entry of the same id. */
  TemplateTable with(Entry entry) {
    int id = entry.template.id();
    Entry[] kept = new Entry[size + 1];
    int n = 0;
    for (Entry e : entries) {
      if (e != null && e.template.id() != id) {
        kept[n++] = e;
      }
    }
    kept[n++] = entry;
    return of(kept, n);
  }

  /** This table without the given id (itself when the id is absent). */
  TemplateTable without(int id) {
    return get(id) == null ? this : retain(e -> e.template.id() != id);
  }

  /** This table with only the entries {@code keep} accepts (itself when it accepts all). */
  TemplateTable retain(Predicate<Entry> keep) {
    Entry[] kept = new Entry[size];
    int n = 0;
    for (Entry e : entries) {
      if (e != null && keep.test(e)) {
        kept[n++] = e;
      }
    }
    return n == size ? this : of(kept, n);
  }

  /** The table of the first {@code n} entries of {@code list} (distinct ids), at a load of at most one half. */
  private static TemplateTable of(Entry[] list, int n) {
    int capacity = Math.max(2, Integer.highestOneBit(Math.max(1, n)) << 2);
    int[] ids = new int[capacity];
    Entry[] entries = new Entry[capacity];
    int mask = capacity - 1;
    for (int k = 0; k < n; k++) {
      Entry e = list[k];
      int id = e.template.id();
      int i = slot(id) & mask;
      while (entries[i] != null) {
        i = (i + 1) & mask;
      }
      ids[i] = id;
      entries[i] = e;
    }
    return new TemplateTable(ids, entries, n);
  }

  private static int slot(int id) {
    // Exporters number templates consecutively: spread neighbours over the table.
    return id * 0x9E3779B1 >>> 16;
  }
}
