package io.flowlens.decoders.template;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What the collector knows about one (exporter, protocol version, observation domain): its
 * templates with the time each was last announced, its sampling rates by sampler (selector) id, and
 * its system init time (IPFIX element 160). Changed only by the decoding of template records and
 * options data records; read by the decoding of data records. Thread-safe: several decode workers
 * may share one exporter.
 */
public final class DomainState {
  /** Sampler ids remembered per domain; more than this many samplers is not a real exporter. */
  static final int MAX_SAMPLERS = 64;

  private final int maxTemplates;
  private final long expiryMillis;
  private final Map<Integer, Entry> templates = new HashMap<>();
  private final long[] samplerIds = new long[MAX_SAMPLERS];
  private final long[] samplerRates = new long[MAX_SAMPLERS];
  private int samplers;
  private long systemInitTimeMillis;
  private long lastUpdatedMillis;

  private record Entry(Template template, long refreshedAtMillis) {}

  /** What {@link #putTemplate} did. */
  public enum PutResult {
    ADDED,
    REFRESHED,
    /** Refused: the domain already holds its maximum number of live templates. */
    LIMIT
  }

  DomainState(int maxTemplates, long expiryMillis, long nowMillis) {
    this.maxTemplates = maxTemplates;
    this.expiryMillis = expiryMillis;
    this.lastUpdatedMillis = nowMillis;
  }

  /** Adds or refreshes a template, announced in a datagram received at {@code nowMillis}. */
  public synchronized PutResult putTemplate(Template template, long nowMillis) {
    lastUpdatedMillis = Math.max(lastUpdatedMillis, nowMillis);
    Entry old = templates.get(template.id());
    if (old != null) {
      Template kept = old.template().sameFields(template) ? old.template() : template;
      templates.put(template.id(), new Entry(kept, Math.max(nowMillis, old.refreshedAtMillis())));
      return PutResult.REFRESHED;
    }
    if (templates.size() >= maxTemplates) {
      removeExpired(nowMillis);
      if (templates.size() >= maxTemplates) {
        return PutResult.LIMIT;
      }
    }
    templates.put(template.id(), new Entry(template, nowMillis));
    return PutResult.ADDED;
  }

  /** The live template with this id at {@code nowMillis}, or null (never seen, withdrawn, or expired). */
  public synchronized Template template(int templateId, long nowMillis) {
    Entry e = templates.get(templateId);
    if (e == null) {
      return null;
    }
    if (nowMillis - e.refreshedAtMillis() > expiryMillis) {
      templates.remove(templateId);
      return null;
    }
    return e.template();
  }

  /** Withdraws one template (IPFIX template withdrawal); true when it was known. */
  public synchronized boolean withdraw(int templateId) {
    return templates.remove(templateId) != null;
  }

  /** Withdraws every template, or every options template, of this domain (IPFIX all-templates withdrawal). */
  public synchronized void withdrawAll(boolean options) {
    templates.values().removeIf(e -> e.template().isOptions() == options);
  }

  public synchronized int templateCount() {
    return templates.size();
  }

  /** Records the sampling rate of a sampler (0 when the options record named none). */
  public synchronized void samplingRate(long samplerId, long rate) {
    for (int i = 0; i < samplers; i++) {
      if (samplerIds[i] == samplerId) {
        samplerRates[i] = rate;
        return;
      }
    }
    if (samplers < MAX_SAMPLERS) {
      samplerIds[samplers] = samplerId;
      samplerRates[samplers] = rate;
      samplers++;
    }
  }

  /** The rate of this sampler, or 0 when unknown. */
  public synchronized long samplingRate(long samplerId) {
    for (int i = 0; i < samplers; i++) {
      if (samplerIds[i] == samplerId) {
        return samplerRates[i];
      }
    }
    return 0;
  }

  /**
   * The rate that applies to records that name no sampler: the one rate this domain announced (or
   * the common rate when all its samplers agree), 0 when none or when they disagree.
   */
  public synchronized long singleSamplingRate() {
    if (samplers == 0) {
      return 0;
    }
    long rate = samplerRates[0];
    for (int i = 1; i < samplers; i++) {
      if (samplerRates[i] != rate) {
        return 0;
      }
    }
    return rate;
  }

  public synchronized void systemInitTimeMillis(long millis) {
    systemInitTimeMillis = millis;
  }

  /** IPFIX systemInitTimeMilliseconds from the last options record; 0 when unknown. */
  public synchronized long systemInitTimeMillis() {
    return systemInitTimeMillis;
  }

  /** True when nothing in this domain was refreshed within the expiry before {@code nowMillis}. */
  synchronized boolean expired(long nowMillis) {
    return nowMillis - lastUpdatedMillis > expiryMillis;
  }

  private void removeExpired(long nowMillis) {
    Iterator<Entry> it = templates.values().iterator();
    while (it.hasNext()) {
      if (nowMillis - it.next().refreshedAtMillis() > expiryMillis) {
        it.remove();
      }
    }
  }
}
