package io.flowlens.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operations files of a flowlens checkout: Prometheus configs, rules and rule tests, Grafana
 * dashboards, docker-compose.yml and docs/queries.md.
 */
public final class RepositoryFiles {

    private final Path root;

    private RepositoryFiles(Path root) {
        this.root = root;
    }

    /** The checkout this build runs in, from the {@code flowlens.repository} system property the pom sets. */
    public static RepositoryFiles current() {
        String property = System.getProperty("flowlens.repository");
        if (property == null) {
            throw new IllegalStateException("system property flowlens.repository is not set; run the tests through Maven");
        }
        return at(Path.of(property));
    }

    /** The checkout rooted at {@code root}. */
    public static RepositoryFiles at(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(normalized.resolve("docker-compose.yml"))) {
            throw new IllegalArgumentException(normalized + " is not a flowlens checkout (no docker-compose.yml)");
        }
        return new RepositoryFiles(normalized);
    }

    public Path root() {
        return root;
    }

    public Path composeFile() {
        return root.resolve("docker-compose.yml");
    }

    public Path dockerfile() {
        return root.resolve("Dockerfile");
    }

    public List<Path> prometheusConfigs() {
        return List.of(root.resolve("prometheus/prometheus.yml"), root.resolve("prometheus/prometheus-all-in-one.yml"));
    }

    /** Every rules file Prometheus loads ({@code prometheus/rules/*.yml}). */
    public List<Path> ruleFiles() {
        return yamlFilesIn(root.resolve("prometheus/rules"));
    }

    /** The recording-rule files, which a Prometheus must load for the dashboards' recorded series to exist. */
    public List<Path> recordingRuleFiles() {
        return ruleFiles().stream()
                .filter(file -> file.getFileName().toString().contains("recording"))
                .collect(Collectors.toList());
    }

    /** The {@code promtool test rules} files ({@code prometheus/tests/*.yml}). */
    public List<Path> ruleTestFiles() {
        return yamlFilesIn(root.resolve("prometheus/tests"));
    }

    public List<Path> dashboards() {
        return filesEndingWith(root.resolve("grafana-dashboards"), ".json");
    }

    public Path queriesDocument() {
        return root.resolve("docs/queries.md");
    }

    private static List<Path> yamlFilesIn(Path directory) {
        return filesEndingWith(directory, ".yml");
    }

    private static List<Path> filesEndingWith(Path directory, String suffix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
