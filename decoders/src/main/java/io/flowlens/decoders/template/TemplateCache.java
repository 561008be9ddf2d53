package io.flowlens.decoders.template;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Templates and sampling state of every exporter, keyed by (exporter address, protocol version,
 * observation domain / source id); template ids are looked up inside each {@link DomainState}.
 * Thread-safe and shared by all decode workers; given to the decoders at construction.
 *
 * <p>Time is the receive time of the datagram being decoded, never the wall clock, so decoding
 * stays a pure function of its inputs: a template not refreshed within {@code expiry} of a
 * datagram's receive time is gone for that datagram.
 */
public final class TemplateCache {
  /**
   * Limits of the cache.
   *
   * @param maxTemplatesPerDomain templates one (exporter, version, domain) may hold; more are refused
   * @param maxDomains (exporter, version, domain) triples held; a new one beyond is refused
   * @param expiry a template not announced again within this time is dropped
   */
  public record Config(int maxTemplatesPerDomain, int maxDomains, Duration expiry) {
    public static final Config DEFAULTS = new Config(1024, 10_000, Duration.ofMinutes(30));

    public Config {
      if (maxTemplatesPerDomain < 1) {
        throw new IllegalArgumentException("max_templates_per_domain must be at least 1, not " + maxTemplatesPerDomain);
      }
      if (maxDomains < 1) {
        throw new IllegalArgumentException("max_domains must be at least 1, not " + maxDomains);
      }
      if (expiry == null || expiry.isNegative() || expiry.isZero()) {
        throw new IllegalArgumentException("template_expiry must be positive, not " + expiry);
      }
    }
  }

  private final Config config;
  private final ConcurrentHashMap<DomainKey, DomainState> domains = new ConcurrentHashMap<>();

  public TemplateCache(Config config) {
    this.config = config;
  }

  public TemplateCache() {
    this(Config.DEFAULTS);
  }

  /** The state of a domain, or null when it was never created. Does not create one. */
  public DomainState find(byte[] exporter, int version, long domainId) {
    return domains.get(new DomainKey(exporter, version, domainId));
  }

  /**
   * The state of a domain, created when absent; null when the cache already holds its maximum of
   * live domains (the caller counts {@code TEMPLATE_LIMIT}).
   */
  public DomainState findOrCreate(byte[] exporter, int version, long domainId, long nowMillis) {
    DomainKey key = new DomainKey(exporter, version, domainId);
    DomainState state = domains.get(key);
    if (state != null) {
      return state;
    }
    synchronized (this) {
      state = domains.get(key);
      if (state != null) {
        return state;
      }
      if (domains.size() >= config.maxDomains()) {
        domains.values().removeIf(d -> d.expired(nowMillis));
        if (domains.size() >= config.maxDomains()) {
          return null;
        }
      }
      state = new DomainState(config.maxTemplatesPerDomain(), config.expiry().toMillis(), nowMillis);
      // The caller's array is copied: the key must not change if the caller reuses its buffer.
      domains.put(new DomainKey(exporter.clone(), version, domainId), state);
      return state;
    }
  }

  /** How many (exporter, version, domain) triples are held. */
  public int domainCount() {
    return domains.size();
  }

  public Config config() {
    return config;
  }

  private static final class DomainKey {
    private final byte[] exporter;
    private final int version;
    private final long domainId;
    private final int hash;

    DomainKey(byte[] exporter, int version, long domainId) {
      this.exporter = exporter;
      this.version = version;
      this.domainId = domainId;
      this.hash = (Arrays.hashCode(exporter) * 31 + version) * 31 + Long.hashCode(domainId);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DomainKey k
          && k.version == version
          && k.domainId == domainId
          && Arrays.equals(k.exporter, exporter);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
