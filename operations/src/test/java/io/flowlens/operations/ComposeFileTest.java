package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-compose.yml as docker-compose resolves it ({@code docker-compose config}: anchors merged,
 * paths absolute), checked against the stack the spec describes. No Docker engine is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {

    /** Where docker-compose.yml mounts grafana-dashboards/ and the provisioning file reads them. */
    static final String GRAFANA_DASHBOARDS_MOUNT = "/etc/grafana/dashboards/flowlens";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Integer> DEMO_PORTS = Map.of("netflow9", 2055, "ipfix", 4739, "sflow", 6343);

    private final RepositoryFiles repository = RepositoryFiles.current();
    private JsonNode services;

    @BeforeAll
    void resolveTheComposeFile() throws IOException {
        ExternalTool.Run run = ExternalTool.require("docker-compose")
                .run(repository.root(), Duration.ofMinutes(1), "-f", repository.composeFile().toString(), "config");
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        services = YAML.readTree(run.output()).path("services");
    }

    @Test
    void runsTheWholeStack() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "kafka-init", "ingest-agent", "aggregator",
                "demo-netflow9", "demo-ipfix", "demo-sflow", "prometheus", "grafana");
    }

    @Test
    void kafkaIsASingleKraftNodeOfTheOfficialImageWithTheFlowTopicCreatedForScaleOut() {
        JsonNode kafka = services.path("kafka");
        assertThat(kafka.path("image").asText()).isEqualTo("apache/kafka:4.1.1");
        assertThat(kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()).isEqualTo("PLAINTEXT://kafka:9092");
        assertThat(volumeTargets(kafka)).contains("/var/lib/kafka/data");

        List<String> init = texts(services.path("kafka-init").path("command"));
        assertThat(init).containsSubsequence("--topic", "flows").containsSubsequence("--partitions", "4");
        assertThat(services.path("kafka-init").path("depends_on").path("kafka").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void tiersGetTheDockerConfigAndTheKafkaAddress() {
        for (String tier : List.of("ingest-agent", "aggregator")) {
            JsonNode service = services.path(tier);
            assertThat(service.path("environment").path("FLOWLENS_KAFKA_BOOTSTRAP").asText()).as(tier).isEqualTo("kafka:9092");
            assertThat(texts(service.path("volumes"))).as(tier)
                    .contains(repository.root().resolve("config/docker") + ":/etc/flowlens:ro");
            assertThat(texts(service.path("command"))).as(tier).containsSubsequence("--config",
                    "/etc/flowlens/" + (tier.equals("aggregator") ? "aggregator" : "agent") + ".yaml");
            assertThat(service.path("depends_on").path("kafka-init").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void theAgentPublishesTheFlowPortsAndTheAggregatorCanScale() {
        List<String> udp = new ArrayList<>();
        for (JsonNode port : services.path("ingest-agent").path("ports")) {
            if ("udp".equals(port.path("protocol").asText())) {
                udp.add(port.path("published").asText() + ":" + port.path("target").asText());
            }
        }
        assertThat(udp).containsExactlyInAnyOrder("2055:2055", "4739:4739", "6343:6343");

        JsonNode aggregator = services.path("aggregator");
        assertThat(aggregator.has("ports")).as("aggregator publishes no host port (it scales)").isFalse();
        assertThat(aggregator.has("container_name")).as("aggregator has no fixed container name").isFalse();
        assertThat(texts(aggregator.path("expose"))).contains("8080");
    }

    @Test
    void demoExportersSendEachProtocolToTheAgent() {
        DEMO_PORTS.forEach((protocol, port) -> {
            List<String> command = texts(services.path("demo-" + protocol).path("command"));
            assertThat(command).as(protocol).containsExactly("demo-exporter", "--target", "ingest-agent:" + port, "--protocol", protocol);
        });
    }

    @Test
    void imagesBuildFromTargetsOfTheRootDockerfile() throws IOException {
        String dockerfile = Files.readString(repository.dockerfile());
        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre AS runtime",
                "mvn -B -q -DskipTests package",
                "\"io.flowlens.app.Main\"", "/opt/flowlens/flowlens-app.jar:/opt/flowlens/lib/*");
        services.fields().forEachRemaining(service -> {
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                assertThat(build.path("context").asText()).isEqualTo(repository.root().toString());
                assertThat(dockerfile).as(service.getKey() + " build target")
                        .containsPattern("(?m)^FROM \\S+ AS " + build.path("target").asText() + "$");
            }
        });
        assertThat(Files.readString(repository.root().resolve(".dockerignore"))).contains("**/target", ".git");
    }

    @Test
    void prometheusLoadsTheRepositoryConfigAndFindsEveryInstanceThroughDockerDns() throws IOException {
        JsonNode prometheus = services.path("prometheus");
        assertThat(prometheus.path("image").asText()).startsWith("prom/prometheus:");
        assertThat(texts(prometheus.path("volumes"))).contains(repository.root().resolve("prometheus") + ":/etc/prometheus:ro");
        assertThat(texts(prometheus.path("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");

        JsonNode config = YAML.readTree(repository.root().resolve("prometheus/prometheus.yml").toFile());
        Map<String, String> discovered = new HashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode dns : job.path("dns_sd_configs")) {
                assertThat(dns.path("type").asText()).isEqualTo("A");
                discovered.put(dns.path("names").path(0).asText(), dns.path("port").asText());
            }
        }
        assertThat(discovered).containsOnly(Map.entry("aggregator", "8080"), Map.entry("ingest-agent", "8081"));
        discovered.keySet().forEach(name -> assertThat(services.has(name)).as("compose service " + name).isTrue());
    }

    @Test
    void grafanaIsProvisionedFromTheRepositoryWithAnonymousViewers() {
        JsonNode grafana = services.path("grafana");
        assertThat(grafana.path("image").asText()).startsWith("grafana/grafana:");
        assertThat(grafana.path("environment").path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");
        assertThat(grafana.path("environment").path("GF_AUTH_ANONYMOUS_ORG_ROLE").asText()).isEqualTo("Viewer");
        assertThat(texts(grafana.path("volumes"))).contains(
                repository.root().resolve("grafana/provisioning") + ":/etc/grafana/provisioning:ro",
                repository.root().resolve("grafana-dashboards") + ":" + GRAFANA_DASHBOARDS_MOUNT + ":ro");
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(home).startsWith(GRAFANA_DASHBOARDS_MOUNT + "/");
        assertThat(repository.root().resolve("grafana-dashboards").resolve(home.substring(GRAFANA_DASHBOARDS_MOUNT.length() + 1)))
                .exists();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static List<String> volumeTargets(JsonNode service) {
        List<String> targets = new ArrayList<>();
        for (String volume : texts(service.path("volumes"))) {
            String[] parts = volume.split(":");
            targets.add(parts[1]);
        }
        return targets;
    }
}
