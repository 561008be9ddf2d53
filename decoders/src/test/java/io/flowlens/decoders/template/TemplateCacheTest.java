package io.flowlens.decoders.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.ipfix.IpfixDecoder;
import io.flowlens.decoders.template.DomainState.PutResult;
import io.flowlens.decoders.testing.WireWriter;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TemplateCacheTest {
  private static final byte[] EXPORTER = {(byte) 192, 0, 2, 10};
  private static final long T0 = 1_700_000_000_000L;
  private static final Duration EXPIRY = Duration.ofMinutes(1);

  /** A data template of one 4-byte octetDeltaCount (element 1) or, with {@code length} 8, 8 bytes. */
  private static Template data(int id, int length) {
    byte[] announcement = {0, 1, 0, 1, 0, (byte) length};
    return Template.data(id, List.of(new TemplateField(1, length, 0)), announcement);
  }

  /** An options template: scope selectorId, samplingInterval. */
  private static Template options(int id) {
    byte[] announcement = {0, 2, 0, 1, 0x01, 0x2E, 0, 4, 0, 34, 0, 4};
    return Template.options(id, List.of(new TemplateField(302, 4, 0), new TemplateField(34, 4, 0)), 1, true,
        announcement);
  }

  @Test
  void shouldRefuseATemplateBeyondTheDomainLimitButStillRefreshKnownOnes() {
    DomainState d = new TemplateCache(new TemplateCache.Config(2, 10, EXPIRY)).findOrCreate(EXPORTER, 10, 1, T0);
    assertThat(d.putTemplate(data(256, 4), T0)).isEqualTo(PutResult.ADDED);
    assertThat(d.putTemplate(data(257, 4), T0)).isEqualTo(PutResult.ADDED);
    assertThat(d.putTemplate(data(258, 4), T0)).isEqualTo(PutResult.LIMIT);
    assertThat(d.putTemplate(data(257, 4), T0 + 1)).isEqualTo(PutResult.REFRESHED);
    assertThat(d.templateCount()).isEqualTo(2);
    assertThat(d.template(258, T0)).isNull();
  }

  @Test
  void shouldMakeRoomAtTheLimitByDroppingExpiredTemplates() {
    DomainState d = new TemplateCache(new TemplateCache.Config(2, 10, EXPIRY)).findOrCreate(EXPORTER, 10, 1, T0);
    d.putTemplate(data(256, 4), T0);
    d.putTemplate(data(257, 4), T0 + 30_000);
    assertThat(d.putTemplate(data(258, 4), T0 + 60_001)).isEqualTo(PutResult.ADDED);
    assertThat(d.template(256, T0 + 60_001)).isNull();
    assertThat(d.template(257, T0 + 60_001)).isNotNull();
    assertThat(d.templateCount()).isEqualTo(2);
  }

  @Test
  void shouldRefuseADomainBeyondTheMaximumUntilAnotherExpires() {
    TemplateCache cache = new TemplateCache(new TemplateCache.Config(10, 2, EXPIRY));
    assertThat(cache.findOrCreate(EXPORTER, 10, 1, T0)).isNotNull();
    assertThat(cache.findOrCreate(EXPORTER, 9, 1, T0)).isNotNull();
    assertThat(cache.findOrCreate(EXPORTER, 10, 2, T0 + 1000)).isNull();
    assertThat(cache.domainCount()).isEqualTo(2);
    // Both domains were last updated at T0: a minute and a millisecond later they may go.
    assertThat(cache.findOrCreate(EXPORTER, 10, 2, T0 + 60_001)).isNotNull();
    assertThat(cache.domainCount()).isEqualTo(1);
  }

  @Test
  void shouldCountTemplatesOfARefusedDomainAsTemplateLimit() {
    TemplateCache cache = new TemplateCache(new TemplateCache.Config(1, 1, EXPIRY));
    IpfixDecoder decoder = new IpfixDecoder(cache);
    ExportSource source = new ExportSource(EXPORTER, 4739, T0);
    DecodeResult first = decoder.decode(templateMessage(1, 256, 257).buf(), source);
    assertThat(first.templateRecords()).isEqualTo(1);
    assertThat(first.dropped(DropReason.TEMPLATE_LIMIT)).isEqualTo(1);
    DecodeResult otherDomain = decoder.decode(templateMessage(2, 256).buf(), source);
    assertThat(otherDomain.templateRecords()).isZero();
    assertThat(otherDomain.dropped(DropReason.TEMPLATE_LIMIT)).isEqualTo(1);
    assertThat(cache.domainCount()).isEqualTo(1);
  }

  /** An IPFIX message of domain {@code domain} with one template per id (octetDeltaCount, 4 bytes). */
  private static WireWriter templateMessage(long domain, int... ids) {
    WireWriter w = new WireWriter().u16(10).lengthFrom(2).u32(T0 / 1000).u32(0).u32(domain);
    w.u16(2).lengthFrom(2);
    for (int id : ids) {
      w.u16(id).u16(1).u16(1).u16(4);
    }
    return w.close().close();
  }

  @Test
  void shouldExpireATemplateByTheReceiveTimeOfTheDatagramNotTheWallClock() {
    // Times in 1970: by the wall clock everything here expired long ago.
    long t = 5_000;
    DomainState d = new TemplateCache(new TemplateCache.Config(10, 10, EXPIRY)).findOrCreate(EXPORTER, 9, 0, t);
    d.putTemplate(data(256, 4), t);
    assertThat(d.template(256, t + 60_000)).isNotNull();
    assertThat(d.template(256, t + 60_001)).isNull();
    assertThat(d.templateCount()).isZero();
  }

  @Test
  void shouldExtendTheLifeOfARefreshedTemplateButNeverShortenIt() {
    DomainState d = new TemplateCache(new TemplateCache.Config(10, 10, EXPIRY)).findOrCreate(EXPORTER, 9, 0, T0);
    d.putTemplate(data(256, 4), T0);
    d.putTemplate(data(256, 4), T0 + 50_000);
    // A late datagram (sent before the last refresh) does not move the refresh time back.
    d.putTemplate(data(256, 4), T0 + 10_000);
    assertThat(d.template(256, T0 + 110_000)).isNotNull();
    assertThat(d.template(256, T0 + 110_001)).isNull();
  }

  @Test
  void shouldRefreshAResentTemplateFromItsBytesAndReplaceAChangedOne() {
    DomainState d = new TemplateCache(new TemplateCache.Config(10, 10, EXPIRY)).findOrCreate(EXPORTER, 10, 0, T0);
    Template first = data(256, 4);
    d.putTemplate(first, T0);
    byte[] same = {0, 1, 0, 1, 0, 4};
    assertThat(d.refreshIfUnchanged(256, false, Unpooled.wrappedBuffer(same), 0, same.length, T0 + 50_000)).isTrue();
    assertThat(d.template(256, T0 + 100_000)).isSameAs(first);
    byte[] changed = {0, 1, 0, 1, 0, 8};
    assertThat(d.refreshIfUnchanged(256, false, Unpooled.wrappedBuffer(changed), 0, changed.length, T0)).isFalse();
    assertThat(d.refreshIfUnchanged(256, true, Unpooled.wrappedBuffer(same), 0, same.length, T0)).isFalse();
    assertThat(d.refreshIfUnchanged(300, false, Unpooled.wrappedBuffer(same), 0, same.length, T0)).isFalse();
    assertThat(d.putTemplate(data(256, 8), T0 + 60_000)).isEqualTo(PutResult.REFRESHED);
    assertThat(d.template(256, T0 + 60_000).fixedLength()).isEqualTo(8);
  }

  @Test
  void shouldWithdrawOneTemplate() {
    DomainState d = new TemplateCache().findOrCreate(EXPORTER, 10, 0, T0);
    d.putTemplate(data(256, 4), T0);
    d.putTemplate(data(257, 4), T0);
    assertThat(d.withdraw(256)).isTrue();
    assertThat(d.withdraw(256)).isFalse();
    assertThat(d.template(256, T0)).isNull();
    assertThat(d.template(257, T0)).isNotNull();
  }

  @Test
  void shouldWithdrawAllDataOrAllOptionsTemplates() {
    DomainState d = new TemplateCache().findOrCreate(EXPORTER, 10, 0, T0);
    d.putTemplate(data(256, 4), T0);
    d.putTemplate(data(257, 4), T0);
    d.putTemplate(options(258), T0);
    d.withdrawAll(false);
    assertThat(d.templateCount()).isEqualTo(1);
    assertThat(d.template(258, T0)).isNotNull();
    d.putTemplate(data(256, 4), T0);
    d.withdrawAll(true);
    assertThat(d.template(256, T0)).isNotNull();
    assertThat(d.template(258, T0)).isNull();
  }

  @Test
  void shouldFindWithoutCreatingAndKeepItsOwnCopyOfTheExporterAddress() {
    TemplateCache cache = new TemplateCache();
    assertThat(cache.find(EXPORTER, 10, 0)).isNull();
    byte[] reused = EXPORTER.clone();
    DomainState d = cache.findOrCreate(reused, 10, 0, T0);
    reused[3] = 99;
    assertThat(cache.find(EXPORTER, 10, 0)).isSameAs(d);
    assertThat(cache.find(EXPORTER, 9, 0)).isNull();
    assertThat(cache.find(EXPORTER, 10, 1)).isNull();
  }

  @Test
  void shouldKeepSamplingRatesPerSamplerAndACommonRateOnlyWhenTheyAgree() {
    DomainState d = new TemplateCache().findOrCreate(EXPORTER, 9, 0, T0);
    assertThat(d.singleSamplingRate()).isZero();
    d.samplingRate(1, 100);
    assertThat(d.singleSamplingRate()).isEqualTo(100);
    d.samplingRate(2, 100);
    assertThat(d.singleSamplingRate()).isEqualTo(100);
    d.samplingRate(2, 10);
    assertThat(d.singleSamplingRate()).isZero();
    assertThat(d.samplingRate(1)).isEqualTo(100);
    assertThat(d.samplingRate(2)).isEqualTo(10);
    assertThat(d.samplingRate(3)).isZero();
    for (int i = 3; i < 200; i++) {
      d.samplingRate(i, 5);
    }
    // Samplers 1 to 64 are held; beyond MAX_SAMPLERS (64) a new sampler is not remembered.
    assertThat(d.samplingRate(DomainState.MAX_SAMPLERS)).isEqualTo(5);
    assertThat(d.samplingRate(DomainState.MAX_SAMPLERS + 1)).isZero();
  }

  @Test
  void shouldRejectLimitsThatCannotWork() {
    assertThatThrownBy(() -> new TemplateCache.Config(0, 10, EXPIRY)).hasMessageContaining("max_templates_per_domain");
    assertThatThrownBy(() -> new TemplateCache.Config(1, 0, EXPIRY)).hasMessageContaining("max_domains");
    assertThatThrownBy(() -> new TemplateCache.Config(1, 1, Duration.ZERO)).hasMessageContaining("template_expiry");
  }

  @Test
  void shouldServeReadersWhileOtherThreadsAddRefreshAndWithdraw() throws Exception {
    TemplateCache cache = new TemplateCache(new TemplateCache.Config(64, 16, EXPIRY));
    int threads = 4;
    int rounds = 20_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int n = 0; n < threads; n++) {
        int thread = n;
        Callable<Integer> work = () -> {
          start.await();
          int wrong = 0;
          for (int i = 0; i < rounds; i++) {
            long domain = i % 4;
            DomainState d = cache.findOrCreate(EXPORTER, 10, domain, T0);
            int id = 256 + (i * 7 + thread) % 96;
            if (thread == 0 && i % 50 == 0) {
              d.withdraw(id);
            } else if (i % 3 == 0) {
              // 96 ids for a limit of 64: some puts are refused, which is an outcome, not an error.
              d.putTemplate(data(id, 4 + thread % 2 * 4), T0 + i);
            }
            Template t = d.template(id, T0 + i);
            if (t != null && (t.id() != id || t.fixedLength() % 4 != 0)) {
              wrong++;
            }
            if (d.templateCount() > 64) {
              wrong++;
            }
          }
          return wrong;
        };
        results.add(pool.submit(work));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(cache.domainCount()).isEqualTo(4);
  }
}
