package io.flowlens.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft: broker and controller in one) running inside this process, from
 * the official Apache artifacts. The log directory is formatted on first use and reused afterwards,
 * so topics, offsets and state-store changelogs survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final EmbeddedKafkaConfig config;
  private final Path logDir;
  private KafkaRaftServer server;
  private String bootstrapServers;

  /**
   * @param logDir where the broker keeps its log (created if absent)
   */
  public EmbeddedKafka(EmbeddedKafkaConfig config, Path logDir) {
    this.config = config;
    this.logDir = logDir;
  }

  /** Formats the log directory if it is new, starts the broker and waits until it answers. */
  public void start() {
    try {
      Files.createDirectories(logDir);
      int port = config.port() == 0 ? freePort() : config.port();
      int controllerPort = config.controllerPort() == 0 ? freePort(port) : config.controllerPort();
      Properties props = brokerProperties(port, controllerPort);
      Path propsFile = logDir.resolve("flowlens-broker.properties");
      try (var out = Files.newBufferedWriter(propsFile)) {
        props.store(out, "written by flowlens at each start of the embedded broker");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(propsFile);
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
      server.startup();
      bootstrapServers = config.address() + ":" + port;
      awaitReady();
      LOG.info("embedded Kafka broker ready bootstrap_servers={} log_dir={}", bootstrapServers, logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded Kafka log directory " + logDir, e);
    }
  }

  /** host:port of the broker's client listener. */
  public String bootstrapServers() {
    if (bootstrapServers == null) {
      throw new IllegalStateException("the embedded broker is not started");
    }
    return bootstrapServers;
  }

  /** Creates a topic unless it exists. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name, e);
    }
  }

  private Properties brokerProperties(int port, int controllerPort) {
    String host = config.address();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // One node: every internal topic has one replica, and few partitions so that start-up is quick.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("log.retention.ms", Long.toString(config.retention().toMillis()));
    p.put("log.retention.bytes", Long.toString(config.retentionSize().bytes()));
    p.put("log.segment.bytes", Long.toString(Math.min(256L << 20, Math.max(1L << 20, config.retentionSize().bytes() / 4))));
    p.put("message.max.bytes", Integer.toString(8 << 20));
    return p;
  }

  /** Formats a new log directory with a fresh cluster id (a formatted one keeps its own). */
  private void format(Path propsFile) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(),
          "--ignore-formatted"}, out);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot format the embedded Kafka log directory " + logDir + ": "
          + output.toString(StandardCharsets.UTF_8).strip(), e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"))) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the embedded Kafka broker did not become ready within 60 s", e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
      }
    }
  }

  private int freePort(int... avoid) throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(config.address()))) {
        int port = socket.getLocalPort();
        if (avoid.length == 0 || avoid[0] != port) {
          return port;
        }
      }
    }
  }

  /** Stops the broker and waits for it; the log stays for the next start. */
  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("embedded Kafka broker stopped");
    }
  }
}
