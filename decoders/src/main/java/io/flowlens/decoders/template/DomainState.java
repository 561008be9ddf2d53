package io.flowlens.decoders.template;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * What the collector knows about one (exporter, protocol version, observation domain): its
 * templates with the time each was last announced, its sampling rates by sampler (selector) id, and
 * its system init time (IPFIX element 160). Changed only by the decoding of template records and
 * options data records; read by the decoding of data records. Thread-safe: several decode workers
 * may share one exporter; reads take no lock.
 */
public final class DomainState {
  /** Sampler ids remembered per domain; more than this many samplers is not a real exporter. */
  static final int MAX_SAMPLERS = 64;

  private final int maxTemplates;
  private final long expiryMillis;
  // Decode workers read these snapshots without a lock on every datagram; writers (template and
  // options records, far rarer) serialise on this object and publish a new snapshot.
  private volatile TemplateTable templates = TemplateTable.EMPTY;
  private volatile Samplers samplers = Samplers.NONE;
  private volatile long systemInitTimeMillis;
  private volatile long lastUpdatedMillis;

  /** Sampling rates by sampler id, immutable; {@code single} is what {@link #singleSamplingRate} answers. */
  private record Samplers(long[] ids, long[] rates, long single) {
    static final Samplers NONE = new Samplers(new long[0], new long[0], 0);

    long rate(long samplerId) {
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == samplerId) {
          return rates[i];
        }
      }
      return 0;
    }
  }

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
    TemplateTable.Entry old = templates.get(template.id());
    if (old != null) {
      long refreshed = Math.max(nowMillis, old.refreshedAtMillis);
      if (old.template.sameFields(template)) {
        old.refreshedAtMillis = refreshed;
      } else {
        templates = templates.with(new TemplateTable.Entry(template, refreshed));
      }
      return PutResult.REFRESHED;
    }
    if (templates.size() >= maxTemplates) {
      templates = templates.retain(e -> !isExpired(e, nowMillis));
      if (templates.size() >= maxTemplates) {
        return PutResult.LIMIT;
      }
    }
    templates = templates.with(new TemplateTable.Entry(template, nowMillis));
    return PutResult.ADDED;
  }

  /**
   * Refreshes the template with this id, announced in a datagram received at {@code nowMillis}, when
   * the announcement ({@code length} bytes of {@code buf} at {@code from}: the record after its id)
   * is the one it was compiled from; false, changing nothing, when it is not known so. The outcome
   * is then that of {@link #putTemplate} for the same template: {@link PutResult#REFRESHED}.
   */
  public boolean refreshIfUnchanged(int id, boolean options, ByteBuf buf, int from, int length, long nowMillis) {
    TemplateTable.Entry e = templates.get(id);
    if (e == null || !e.template.announcedAs(options, buf, from, length)) {
      return false;
    }
    synchronized (this) {
      if (templates.get(id) != e) {
        return false;
      }
      lastUpdatedMillis = Math.max(lastUpdatedMillis, nowMillis);
      e.refreshedAtMillis = Math.max(nowMillis, e.refreshedAtMillis);
      return true;
    }
  }

  /** The live template with this id at {@code nowMillis}, or null (never seen, withdrawn, or expired). */
  public Template template(int templateId, long nowMillis) {
    TemplateTable.Entry e = templates.get(templateId);
    if (e == null) {
      return null;
    }
    if (isExpired(e, nowMillis)) {
      expire(e, nowMillis);
      return null;
    }
    return e.template;
  }

  /** Removes an entry found expired, unless a writer refreshed or replaced it meanwhile. */
  private synchronized void expire(TemplateTable.Entry e, long nowMillis) {
    int id = e.template.id();
    if (templates.get(id) == e && isExpired(e, nowMillis)) {
      templates = templates.without(id);
    }
  }

  private boolean isExpired(TemplateTable.Entry e, long nowMillis) {
    return nowMillis - e.refreshedAtMillis > expiryMillis;
  }

  /** Withdraws one template (IPFIX template withdrawal); true when it was known. */
  public synchronized boolean withdraw(int templateId) {
    TemplateTable before = templates;
    templates = before.without(templateId);
    return templates != before;
  }

  /** Withdraws every template, or every options template, of this domain (IPFIX all-templates withdrawal). */
  public synchronized void withdrawAll(boolean options) {
    templates = templates.retain(e -> e.template.isOptions() != options);
  }

  public int templateCount() {
    return templates.size();
  }

  /** Records the sampling rate of a sampler (0 when the options record named none). */
  public synchronized void samplingRate(long samplerId, long rate) {
    Samplers s = samplers;
    long[] ids = s.ids();
    int at = -1;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == samplerId) {
        at = i;
        break;
      }
    }
    if (at >= 0 && s.rates()[at] == rate) {
      // Exporters repeat their options records: an unchanged rate publishes nothing.
      return;
    }
    if (at < 0 && ids.length >= MAX_SAMPLERS) {
      return;
    }
    long[] newIds = at >= 0 ? ids : Arrays.copyOf(ids, ids.length + 1);
    long[] newRates = Arrays.copyOf(s.rates(), newIds.length);
    if (at < 0) {
      at = ids.length;
      newIds[at] = samplerId;
    }
    newRates[at] = rate;
    samplers = new Samplers(newIds, newRates, common(newRates));
  }

  /** The rate all samplers share, 0 when none or when they disagree. */
  private static long common(long[] rates) {
    if (rates.length == 0) {
      return 0;
    }
    for (long r : rates) {
      if (r != rates[0]) {
        return 0;
      }
    }
    return rates[0];
  }

  /** The rate of this sampler, or 0 when unknown. */
  public long samplingRate(long samplerId) {
    return samplers.rate(samplerId);
  }

  /**
   * The rate that applies to records that name no sampler: the one rate this domain announced (or
   * the common rate when all its samplers agree), 0 when none or when they disagree.
   */
  public long singleSamplingRate() {
    return samplers.single();
  }

  public void systemInitTimeMillis(long millis) {
    systemInitTimeMillis = millis;
  }

  /** IPFIX systemInitTimeMilliseconds from the last options record; 0 when unknown. */
  public long systemInitTimeMillis() {
    return systemInitTimeMillis;
  }

  /** True when nothing in this domain was refreshed within the expiry before {@code nowMillis}. */
  boolean expired(long nowMillis) {
    return nowMillis - lastUpdatedMillis > expiryMillis;
  }
}
