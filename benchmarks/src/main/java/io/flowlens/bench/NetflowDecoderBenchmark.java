package io.flowlens.bench;

import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.ipfix.IpfixDecoder;
import io.flowlens.decoders.netflow9.NetflowV9Decoder;
import io.flowlens.decoders.template.TemplateCache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding throughput of NetFlow v9 and IPFIX on softflowd's and pmacct's real exports of the
 * shared ground-truth traffic. One operation decodes every data datagram of the capture once; the
 * {@code records} counter reports flow records per second, the figure to compare with the target
 * (5 M records/s on one core). Each capture holds the 500 flows of the shared ground truth, so with
 * {@code -prof gc} the allocation per record is {@code gc.alloc.rate.norm} / 500.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NetflowDecoderBenchmark {
  @Param({"export_netflow9.pcap", "export_ipfix.pcap", "export_netflow9_pmacct.pcap", "export_ipfix_pmacct.pcap"})
  public String capture;

  /** heap: an unpooled heap buffer; direct: a direct buffer, as Netty's datagram channels give. */
  @Param({"heap", "direct"})
  public String buffer;

  private ExportCapture prepared;
  private DatagramDecoder decoder;

  /** Flow records decoded, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Records {
    public long records;

    @Setup(Level.Iteration)
    public void reset() {
      records = 0;
    }
  }

  @Setup
  public void setUp() {
    TemplateCache cache = new TemplateCache();
    decoder = capture.contains("ipfix") ? new IpfixDecoder(cache) : new NetflowV9Decoder(cache);
    prepared = new ExportCapture(capture, decoder, "direct".equals(buffer));
    if (prepared.records == 0) {
      throw new IllegalStateException(capture + ": no flow records to decode");
    }
  }

  @TearDown
  public void tearDown() {
    prepared.release();
  }

  @Benchmark
  public void decodeCapture(Records counter, Blackhole bh) {
    for (int i = 0; i < prepared.datagrams.length; i++) {
      DecodeResult r = decoder.decode(prepared.datagrams[i], prepared.sources[i]);
      counter.records += r.flows().size();
      bh.consume(r);
    }
  }
}
