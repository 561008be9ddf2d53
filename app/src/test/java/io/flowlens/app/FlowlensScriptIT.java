package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./flowlens} script, run as a user runs it (after the build: FLOWLENS_SKIP_BUILD keeps
 * it from starting Maven inside Maven).
 */
class FlowlensScriptIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process start(Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("flowlens").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("FLOWLENS_SKIP_BUILD", "1");
    builder.environment().put("FLOWLENS_JAVA_OPTS", "-Xmx512m");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private record Result(int exitCode, String output) {}

  private Result run(String... args) throws Exception {
    Path output = Files.createTempFile(dir, "out", ".txt");
    Process process = start(output, args);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./flowlens %s ended", String.join(" ", args)).isTrue();
    return new Result(process.exitValue(), Files.readString(output));
  }

  @Test
  void shouldAcceptTheDefaultConfiguration() throws Exception {
    Result result = run("check-config", "--config", ROOT.resolve("config/flowlens.yaml").toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("config/flowlens.yaml: ok");
  }

  @Test
  void shouldNameTheYamlPathOfEachProblemAndExit2() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "kafka:\n  partitions: many\nagent:\n  http:\n    port: 99999\n");

    Result result = run("check-config", "--config", broken.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("broken.yaml: 2 problems").contains("kafka.partitions:")
        .contains("agent.http.port: must be 0..65535");
  }

  @Test
  void shouldExit2WithTheUsageOnABadCommandLine() throws Exception {
    Result result = run("all-in-one", "--no-such-option");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("unknown option --no-such-option").contains("Usage: ./flowlens all-in-one");
  }

  @Test
  void shouldResumeAfterKill9AndStopCleanlyOnSigterm() throws Exception {
    int httpPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      httpPort = socket.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("flowlens.yaml"), """
        data_dir: data
        embedded_kafka:
          port: 0
          controller_port: 0
        aggregator:
          http:
            address: 127.0.0.1
            port: %d
        %s""".formatted(httpPort, AgentSection.ON_LOOPBACK));

    Path firstOutput = dir.resolve("first.log");
    Process first = start(firstOutput, "all-in-one", "--config", config.toString());
    awaitReady(httpPort, first, firstOutput);
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("data/kafka/meta.properties")).as("relative data_dir under the working directory").exists();

    Path secondOutput = dir.resolve("second.log");
    Process second = start(secondOutput, "all-in-one", "--config", config.toString());
    awaitReady(httpPort, second, secondOutput);
    assertThat(get(httpPort, "/metrics").body()).contains("jvm_threads_live_threads");

    second.destroy();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as("exit status after SIGTERM").isEqualTo(128 + 15);
    assertThat(Files.readString(secondOutput)).contains("embedded Kafka broker stopped")
        .contains("flowlens all-in-one stopped");
  }

  private void awaitReady(int port, Process process, Path output) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("all-in-one exited early:%n%s", Files.readString(output)).isTrue();
      try {
        if (get(port, "/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the HTTP server starts after the broker: keep asking
      }
      Thread.sleep(250);
    }
    throw new AssertionError("all-in-one not ready within " + START_TIMEOUT + ":\n" + Files.readString(output));
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
