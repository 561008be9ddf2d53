package io.flowlens.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the {@code prometheus} binary on the PATH) scraping one target, for tests:
 * free port on 127.0.0.1, generated configuration, temporary storage, removed again by {@link #close()}.
 *
 * <pre>
 * try (PrometheusServer prometheus = PrometheusServer.startScraping("127.0.0.1:" + port, repository.recordingRuleFiles())) {
 *     prometheus.awaitTargetUp(Duration.ofSeconds(30));
 *     List&lt;Sample&gt; samples = prometheus.query("sum by (protocol) (flow_parsed_records_total)");
 * }
 * </pre>
 */
public final class PrometheusServer implements AutoCloseable {

    /** Job name of the scraped target, so the dashboards' {@code up{job=~"flowlens.*"}} selects it. */
    public static final String JOB = "flowlens";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path directory;
    private Process process;
    private URI baseUri;

    /** What to scrape and how. */
    public record Settings(String target, List<Path> ruleFiles, Duration scrapeInterval, Duration startTimeout) {

        public Settings {
            Objects.requireNonNull(target, "target");
            if (!target.matches("[^\\s:/]+:\\d+") && !target.matches("\\[[0-9a-fA-F:]+]:\\d+")) {
                throw new IllegalArgumentException("target must be host:port, got \"" + target + "\"");
            }
            ruleFiles = List.copyOf(ruleFiles);
            for (Path file : ruleFiles) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("rule file " + file + " does not exist");
                }
            }
            if (scrapeInterval.isNegative() || scrapeInterval.isZero()) {
                throw new IllegalArgumentException("scrapeInterval must be positive, got " + scrapeInterval);
            }
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
            }
        }

        /** Scrapes {@code target} every second, evaluates {@code ruleFiles} every second, 60 s to start. */
        public static Settings scraping(String target, List<Path> ruleFiles) {
            return new Settings(target, ruleFiles, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
    }

    /** One element of an instant query's result vector (a scalar result is one sample without labels). */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    /** Prometheus rejected a query (syntax, unknown function...) or answered with something unexpected. */
    public static final class QueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QueryException(String message) {
            super(message);
        }
    }

    /** An inert server; {@link #start()} launches the process. */
    public PrometheusServer(Settings settings) {
        this.settings = settings;
    }

    /** Starts a server scraping {@code target} and loading {@code ruleFiles}, and waits until it is ready. */
    public static PrometheusServer startScraping(String target, List<Path> ruleFiles) {
        PrometheusServer server = new PrometheusServer(Settings.scraping(target, ruleFiles));
        server.start();
        return server;
    }

    /**
     * Writes the configuration, launches {@code prometheus} and waits for {@code /-/ready}. Aborts (or
     * under CI fails) the calling test when the binary is not installed.
     */
    public void start() {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        ExternalTool prometheus = ExternalTool.require("prometheus");
        try {
            directory = Files.createTempDirectory("flowlens-prometheus");
            Path config = directory.resolve("prometheus.yml");
            YAML.writeValue(config.toFile(), configuration());
            int port = freePort();
            baseUri = URI.create("http://127.0.0.1:" + port);
            Path log = directory.resolve("prometheus.log");
            process = new ProcessBuilder(prometheus.executable().toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitReady(log);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start prometheus", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ObjectNode configuration() {
        ObjectNode root = YAML.createObjectNode();
        String interval = settings.scrapeInterval().toMillis() + "ms";
        root.putObject("global")
                .put("scrape_interval", interval)
                .put("scrape_timeout", interval)
                .put("evaluation_interval", interval);
        ArrayNode rules = root.putArray("rule_files");
        settings.ruleFiles().forEach(file -> rules.add(file.toAbsolutePath().toString()));
        ObjectNode job = root.putArray("scrape_configs").addObject();
        job.put("job_name", JOB);
        job.putArray("static_configs").addObject().putArray("targets").add(settings.target());
        return root;
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(baseUri.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet: keep polling until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("prometheus not ready within " + settings.startTimeout() + ":\n" + Files.readString(log));
    }

    /** Where the server answers, e.g. {@code http://127.0.0.1:43123}. */
    public URI baseUri() {
        requireStarted();
        return baseUri;
    }

    /** Waits until the target has been scraped successfully ({@code up == 1}); fails after {@code timeout}. */
    public void awaitTargetUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (query("up == 1").size() == 1) {
                return;
            }
            pause(Duration.ofMillis(200));
        }
        throw new AssertionError("target " + settings.target() + " not up within " + timeout + ": " + query("up"));
    }

    /** Evaluates {@code promql} at the current time through {@code /api/v1/query}. */
    public List<Sample> query(String promql) {
        requireStarted();
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/api/v1/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonNode body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("query " + promql + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during query " + promql, e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new QueryException(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        switch (type) {
            case "vector":
                List<Sample> samples = new ArrayList<>();
                for (JsonNode element : data.path("result")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    element.path("metric").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
                    samples.add(new Sample(labels, number(element.path("value").path(1).asText())));
                }
                return samples;
            case "scalar":
                return List.of(new Sample(Map.of(), number(data.path("result").path(1).asText())));
            default:
                throw new QueryException("query " + promql + " returned a " + type + ", not an instant vector or scalar");
        }
    }

    private static double number(String text) {
        // Prometheus writes infinities the Go way.
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(text);
        }
    }

    /** Stops the process and deletes the configuration and storage. */
    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (directory != null) {
            deleteRecursively(directory);
        }
    }

    /** Whether the process runs (started and not stopped). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The temporary directory holding configuration and storage, while started. */
    Path directory() {
        return directory;
    }

    private void requireStarted() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("prometheus is not running");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
