package io.flowlens.agent;

import io.flowlens.agent.kafka.FlowProducer;
import io.flowlens.agent.listen.DatagramHandler;
import io.flowlens.agent.listen.UdpListener;
import io.flowlens.agent.listen.UdpTransport;
import io.flowlens.agent.pipeline.DecodePipeline;
import io.flowlens.agent.pipeline.SamplingOverrides;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.decoders.NetflowDecoder;
import io.flowlens.decoders.sflow.SflowDecoder;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.http.ReadinessCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest agent: UDP listeners (Netty) → bounded per-worker queues → decode workers → batched Kafka
 * producer of Avro {@code FlowRecord}s. One template cache serves all listeners.
 *
 * <p>The constructor does nothing; {@link #start()} creates the producer, starts the workers and binds
 * every listener, and throws {@link IllegalStateException} with a message naming the listener (its
 * YAML path, address and port) when one cannot be bound. {@link #close()} stops the listeners first,
 * lets the workers drain their queues for a short while, then flushes and closes the producer. The
 * agent serves no HTTP itself: the process wires its metrics registry and {@link #readinessCheck()}
 * into one server.
 */
public final class IngestAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestAgent.class);
  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(5);

  private final AgentConfig config;
  private final KafkaConfig kafka;
  private final MetricsConfig metricsConfig;
  private final PrometheusMeterRegistry registry;
  private final List<UdpListener> listeners = new ArrayList<>();
  private EventLoopGroup group;
  private DecodePipeline pipeline;
  private FlowProducer producer;
  private volatile boolean started;

  public IngestAgent(AgentConfig config, KafkaConfig kafka, MetricsConfig metrics, PrometheusMeterRegistry registry) {
    this.config = config;
    this.kafka = kafka;
    this.metricsConfig = metrics;
    this.registry = registry;
  }

  /** Starts producing, decoding and listening; on failure everything started so far is stopped again. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the ingest agent is already started");
    }
    try {
      AgentMetrics metrics = new AgentMetrics(metricsConfig, registry);
      producer = new FlowProducer(config.producer(), kafka, metrics, registry);
      producer.start();
      TemplateCache templates = new TemplateCache(config.templates().cacheConfig());
      pipeline = new DecodePipeline(config.workers(), config.queueCapacity(),
          new DecodePipeline.Decoders(new NetflowDecoder(templates), new SflowDecoder()),
          new SamplingOverrides(config.samplingOverrides()), producer, metrics);
      pipeline.start();
      UdpTransport transport = UdpTransport.best();
      int sockets = config.listeners().stream().mapToInt(ListenerConfig::sockets).sum();
      group = transport.newGroup(Math.max(1, sockets));
      List<ListenerConfig> configured = config.listeners();
      for (int i = 0; i < configured.size(); i++) {
        ListenerConfig l = configured.get(i);
        UdpListener listener = new UdpListener(ConfigProblems.index("agent.listeners", i), l, transport, group,
            new DatagramHandler(l.protocol(), config.allowedExporters(), pipeline, metrics));
        listeners.add(listener);
        listener.start();
      }
      started = true;
      LOG.info("ingest agent started: {} listener(s), {} decode worker(s), producing to topic {} at {}",
          listeners.size(), config.workers(), kafka.topic(), kafka.bootstrapServers());
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** The bound local addresses of listener {@code index} (as configured), one per socket. */
  public List<InetSocketAddress> boundAddresses(int index) {
    return listeners.get(index).boundAddresses();
  }

  /** The UDP port listener {@code index} is bound to: the configured one, or the one picked for port 0. */
  public int boundPort(int index) {
    return boundAddresses(index).get(0).getPort();
  }

  /** Ready when every listener's sockets are bound. */
  public ReadinessCheck readinessCheck() {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return "ingest-agent";
      }

      @Override
      public String notReadyReason() {
        if (!started) {
          return "listeners are not bound yet";
        }
        for (UdpListener l : listeners) {
          if (!l.isBound()) {
            return l.path() + " is not bound";
          }
        }
        return null;
      }
    };
  }

  @Override
  public synchronized void close() {
    stop();
  }

  private void stop() {
    started = false;
    listeners.forEach(UdpListener::close);
    listeners.clear();
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      group = null;
    }
    if (pipeline != null) {
      pipeline.close(DRAIN);
      pipeline = null;
    }
    if (producer != null) {
      producer.close(PRODUCER_CLOSE);
      producer = null;
    }
  }
}
