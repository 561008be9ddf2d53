package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The Prometheus configs and rules: promtool accepts them and their unit tests pass. */
class PromtoolRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final RepositoryFiles repository = RepositoryFiles.current();

    @TestFactory
    Stream<DynamicTest> promtoolChecksEveryRulesFile() {
        assertThat(repository.ruleFiles()).isNotEmpty();
        return repository.ruleFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> assertSucceeds(promtool().run(repository.root(), TIMEOUT, "check", "rules", file.toString()))));
    }

    @TestFactory
    Stream<DynamicTest> promtoolRunsEveryRuleTestFile() {
        assertThat(repository.ruleTestFiles()).isNotEmpty();
        return repository.ruleTestFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> assertSucceeds(promtool().run(file.getParent(), TIMEOUT, "test", "rules", file.toString()))));
    }

    /**
     * Both configs load their rules (promtool resolves rule_files relative to the config); the compose
     * config's DNS names are not resolved by promtool, so the full check runs on both.
     */
    @TestFactory
    Stream<DynamicTest> promtoolChecksBothConfigsAndTheirRuleFiles() {
        return repository.prometheusConfigs().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ExternalTool.Run run = promtool().run(file.getParent(), TIMEOUT, "check", "config", file.toString());
            assertSucceeds(run);
            for (Path rules : repository.ruleFiles()) {
                assertThat(run.output()).as("rule files loaded by " + file).contains(rules.getFileName().toString());
            }
        }));
    }

    @Test
    void everyAlertHasASeverityASummaryAndADescription() throws IOException {
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as(name + " severity").isIn("critical", "warning", "info");
            assertThat(alert.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
        }
    }

    /** Every alert has a unit test in which it fires and one evaluation in which it must not. */
    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws IOException {
        Set<String> fired = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : repository.ruleTestFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    (check.path("exp_alerts").size() > 0 ? fired : silent).add(name);
                }
            }
        }
        List<String> names = new ArrayList<>();
        alerts().forEach(alert -> names.add(alert.path("alert").asText()));
        assertThat(names).hasSizeGreaterThanOrEqualTo(8);
        assertThat(fired).as("alerts tested firing").containsAll(names);
        assertThat(silent).as("alerts tested not firing").containsAll(names);
    }

    @Test
    void alertDescriptionsNameTheExporterOrInterfaceTheyAreAbout() throws IOException {
        for (JsonNode alert : alerts()) {
            String expr = alert.path("expr").asText();
            String annotations = alert.path("annotations").toString();
            for (String label : List.of("exporter", "interface", "protocol", "instance", "database")) {
                if (expr.matches("(?s).*by \\([^)]*\\b" + label + "\\b.*")) {
                    assertThat(annotations).as(alert.path("alert").asText() + " annotations")
                            .contains("$labels." + label);
                }
            }
        }
    }

    private List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (Path file : repository.ruleFiles()) {
            for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.hasNonNull("alert")) {
                        alerts.add(rule);
                    }
                }
            }
        }
        return alerts;
    }

    private static ExternalTool promtool() {
        return ExternalTool.require("promtool");
    }

    private static void assertSucceeds(ExternalTool.Run run) {
        assertThat(run.succeeded()).as(run.describe()).isTrue();
    }
}
