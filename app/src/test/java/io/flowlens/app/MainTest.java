package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void shouldAcceptAValidFileAndSayOk() throws IOException {
    Path config = file("ok.yaml", "kafka:\n  partitions: 8\nlogging:\n  format: json\n");

    assertThat(run("check-config", "--config", config.toString())).isEqualTo(ExitCode.OK);
    assertThat(out()).isEqualTo(config + ": ok" + System.lineSeparator());
    assertThat(err()).isEmpty();
  }

  @Test
  void shouldAcceptTheOptionValueAfterAnEqualsSign() throws IOException {
    Path config = file("empty.yaml", "");

    assertThat(run("check-config", "--config=" + config)).isEqualTo(ExitCode.OK);
    assertThat(out()).contains(config + ": ok");
  }

  @Test
  void shouldListEveryProblemWithItsYamlPathAndExit2() throws IOException {
    Path config = file("bad.yaml", """
        data_dir: ""
        kafka:
          partitions: 0
          bootstrap: x
        embedded_kafka:
          port: 70000
        aggregator:
          http:
            port: -1
        """);

    assertThat(run("check-config", "--config", config.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(out()).isEmpty();
    assertThat(err()).contains(config + ": 5 problems")
        .contains("  - data_dir: must be a directory path")
        .contains("  - kafka.partitions: must be 1..10000")
        .contains("  - kafka.bootstrap: unknown key")
        .contains("  - embedded_kafka.port: must be 0..65535")
        .contains("  - aggregator.http.port: must be 0..65535");
  }

  @Test
  void shouldSubstituteEnvironmentDefaults() throws IOException {
    Path config = file("env.yaml", "kafka:\n  bootstrap_servers: ${FLOWLENS_TEST_UNSET_VARIABLE:-10.0.0.1:9092}\n");

    assertThat(run("check-config", "--config", config.toString())).isEqualTo(ExitCode.OK);
  }

  @Test
  void shouldReportAMissingFileAsABadConfiguration() {
    Path missing = dir.resolve("absent.yaml");

    assertThat(run("check-config", "--config", missing.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains(missing.toString()).contains("file not found");
  }

  @Test
  void shouldRefuseAServeCommandWithABadConfigurationBeforeStartingAnything() throws IOException {
    Path config = file("bad.yaml", "kafka:\n  topic: \"no spaces allowed\"\n");

    for (String command : new String[] {"all-in-one", "agent", "aggregator"}) {
      err.reset();
      assertThat(run(command, "--config", config.toString())).as(command).isEqualTo(ExitCode.USAGE);
      assertThat(err()).as(command).contains("kafka.topic: must be a Kafka topic name");
    }
  }

  @Test
  void shouldRequireTheConfigOption() {
    assertThat(run("check-config")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("flowlens check-config: option --config is required")
        .contains("Usage: ./flowlens check-config --config FILE");

    err.reset();
    assertThat(run("agent")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("flowlens agent: option --config is required");
  }

  @Test
  void shouldRejectUnknownOptionsAndStrayWordsWithTheUsage() {
    assertThat(run("all-in-one", "--conifg", "x.yaml")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("unknown option --conifg").contains("Usage: ./flowlens all-in-one");

    err.reset();
    assertThat(run("check-config", "--config", "a.yaml", "b.yaml")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("unexpected argument 'b.yaml'");

    err.reset();
    assertThat(run("check-config", "--config")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("option --config needs a value");
  }

  @Test
  void shouldRejectAnUnknownOrMissingCommandWithTheCommandList() {
    assertThat(run("collect")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("unknown command 'collect'").contains("Commands:").contains("all-in-one");

    err.reset();
    assertThat(run()).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("a command is required").contains("Commands:");
  }

  @Test
  void shouldPointTheTestCommandAtTheScript() {
    assertThat(run("test")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("./flowlens test");
  }

  @Test
  void shouldPrintTheCommandListWithExamples() {
    for (String help : new String[] {"help", "--help", "-h"}) {
      out.reset();
      assertThat(run(help)).isEqualTo(ExitCode.OK);
      assertThat(out()).contains("Commands:").contains("all-in-one").contains("agent").contains("aggregator")
          .contains("check-config").contains("demo-exporter").contains("test").contains("Examples:").contains("Exit codes");
    }
  }

  @Test
  void shouldPrintEachCommandsHelpWithExamples() {
    for (String command : new String[] {"all-in-one", "agent", "aggregator", "demo-exporter", "check-config"}) {
      out.reset();
      assertThat(run(command, "--help")).as(command).isEqualTo(ExitCode.OK);
      assertThat(out()).as(command).startsWith("Usage: ./flowlens " + command).contains("Examples:")
          .contains("./flowlens " + command);
      String viaHelp = out();
      out.reset();
      assertThat(run("help", command)).isEqualTo(ExitCode.OK);
      assertThat(out()).isEqualTo(viaHelp);
    }
    assertThat(err()).isEmpty();
  }

  @Test
  void shouldRejectHelpForAnUnknownCommand() {
    assertThat(run("help", "nope")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("unknown command 'nope'");
  }

  @Test
  void shouldSendDemoTrafficForTheGivenDurationAndExit0() throws Exception {
    try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      collector.setSoTimeout(5_000);
      AtomicInteger datagrams = new AtomicInteger();
      Thread receiver = new Thread(() -> {
        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
        try {
          while (true) {
            collector.receive(packet);
            if (packet.getData()[1] == 9) {
              datagrams.incrementAndGet();
            }
          }
        } catch (IOException closedOrQuiet) {
          // the exporter stopped sending, or the test closed the socket
        }
      });
      receiver.start();

      int code = run("demo-exporter", "--target", "127.0.0.1:" + collector.getLocalPort(), "--protocol", "netflow9",
          "--rate", "500", "--duration", "1s");

      collector.close();
      receiver.join(10_000);
      assertThat(code).as(err()).isEqualTo(ExitCode.OK);
      assertThat(datagrams.get()).as("NetFlow v9 datagrams received").isPositive();
    }
  }

  @Test
  void shouldRejectBadDemoExporterArgumentsWithTheUsage() {
    String[][] cases = {
        {"--protocol", "netflow9"}, {"option --target is required"},
        {"--target", "127.0.0.1:2055"}, {"option --protocol is required"},
        {"--target", "127.0.0.1:2055", "--protocol", "netflow5"}, {"--protocol must be one of netflow9|ipfix|sflow"},
        {"--target", "localhost", "--protocol", "ipfix"}, {"--target must be HOST:PORT"},
        {"--target", "127.0.0.1:2055", "--protocol", "sflow", "--rate", "fast"}, {"--rate must be a number"},
        {"--target", "127.0.0.1:2055", "--protocol", "sflow", "--rate", "-5"}, {"--rate must be more than 0"},
        {"--target", "127.0.0.1:2055", "--protocol", "sflow", "--duration", "soon"}, {"--duration: 'soon' is not a duration"},
        {"--target", "127.0.0.1:2055", "--protocol", "sflow", "--duration", "0s"}, {"--duration must be more than 0"},
    };
    for (int i = 0; i < cases.length; i += 2) {
      err.reset();
      String[] args = new String[cases[i].length + 1];
      args[0] = "demo-exporter";
      System.arraycopy(cases[i], 0, args, 1, cases[i].length);
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
      assertThat(err()).as(String.join(" ", args)).contains(cases[i + 1][0])
          .contains("Usage: ./flowlens demo-exporter");
    }
  }
}
