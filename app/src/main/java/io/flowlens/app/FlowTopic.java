package io.flowlens.app;

import io.flowlens.configuration.KafkaConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow topic ({@code kafka.topic}): created at start-up with {@code kafka.partitions} when it does
 * not exist, so that neither tier depends on the broker's auto-creation (which would pick its own
 * partition count). An existing topic is kept as it is; a partition count that differs from the
 * configuration is logged, because partitions bound how many aggregators share the work.
 */
final class FlowTopic {
  private static final Logger LOG = LoggerFactory.getLogger(FlowTopic.class);
  private static final long TIMEOUT_SECONDS = 30;

  private FlowTopic() {}

  /**
   * @param replicationFactor replicas of a new topic ({@code kafka.replication_factor}, or 1 on the embedded broker)
   * @return the topic's partition count
   */
  static int ensure(KafkaConfig kafka, int replicationFactor) {
    Map<String, Object> props = new HashMap<>(kafka.properties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "flowlens-topic-check");
    try (Admin admin = Admin.create(props)) {
      try {
        admin.createTopics(List.of(new NewTopic(kafka.topic(), kafka.partitions(), (short) replicationFactor)))
            .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.atInfo().setMessage("created the flow topic").addKeyValue("topic", kafka.topic())
            .addKeyValue("partitions", kafka.partitions()).addKeyValue("replication_factor", replicationFactor).log();
        return kafka.partitions();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + kafka.topic() + " on " + kafka.bootstrapServers()
              + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
      TopicDescription topic = admin.describeTopics(Set.of(kafka.topic())).allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(kafka.topic());
      int partitions = topic.partitions().size();
      if (partitions != kafka.partitions()) {
        LOG.atWarn().setMessage("the flow topic exists with another partition count than kafka.partitions; "
            + "it is used as it is").addKeyValue("topic", kafka.topic()).addKeyValue("partitions", partitions)
            .addKeyValue("configured_partitions", kafka.partitions()).log();
      }
      return partitions;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe topic " + kafka.topic() + " on " + kafka.bootstrapServers()
          + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within "
          + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topic " + kafka.topic(), e);
    }
  }
}
