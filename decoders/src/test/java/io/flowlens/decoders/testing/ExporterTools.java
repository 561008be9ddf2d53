package io.flowlens.decoders.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real third-party exporters, run on a pcap until it ends: softflowd (NetFlow v9, IPFIX) and
 * pmacctd's sfprobe (sFlow v5). A tool that is not installed fails the test under CI (which installs
 * it) and is reported as not run elsewhere.
 */
public final class ExporterTools {
  private static final long TIMEOUT_SECONDS = 60;

  private ExporterTools() {}

  /** The tool's path; fails (CI) or aborts the test when it is not installed. */
  public static Path require(String name) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    String message = name + " is not installed (Debian: apt-get install softflowd pmacct; ./flowlens test does it): "
        + "the test with the real exporter did not run";
    if (System.getenv("CI") != null) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }

  /**
   * softflowd exports every flow of {@code pcap} to {@code collector} ("127.0.0.1:2055", "[::1]:4739")
   * as NetFlow v9 ({@code version} 9) or IPFIX (10), and exits at the end of the file.
   */
  public static void softflowd(Path pcap, int version, String collector, Path workDir) throws IOException, InterruptedException {
    Path softflowd = require("softflowd");
    run(List.of(softflowd.toString(), "-d", "-r", pcap.toString(), "-c", "none", "-p",
        workDir.resolve("softflowd-" + System.nanoTime() + ".pid").toString(), "-T", "full", "-6",
        "-v", Integer.toString(version), "-n", collector), workDir, true);
  }

  /**
   * pmacctd's sfprobe samples every packet of {@code pcap} (1:1) as sFlow v5 to {@code receiver}
   * ("127.0.0.1:6343"). sfprobe keeps its last, partly filled datagram: write filler packets at the
   * end of the pcap ({@link KnownTraffic#write}) to push every real sample out.
   */
  public static void pmacctdSflow(Path pcap, String receiver, Path workDir) throws IOException, InterruptedException {
    Path pmacctd = require("pmacctd");
    Path config = workDir.resolve("pmacctd-" + System.nanoTime() + ".conf");
    Files.writeString(config, """
        daemonize: false
        pcap_savefile: %s
        plugins: sfprobe
        sfprobe_receiver: %s
        sampling_rate: 1
        pidfile: %s
        """.formatted(pcap, receiver, config + ".pid"));
    // pmacctd 1.7.7 may exit 1 at the end of a savefile when its plugin finishes before the core
    // ("connection lost to 'default_sfprobe-sfprobe'"): callers check what it exported instead.
    run(List.of(pmacctd.toString(), "-f", config.toString()), workDir, false);
  }

  private static void run(List<String> command, Path workDir, boolean mustSucceed) throws IOException, InterruptedException {
    Path log = workDir.resolve(Path.of(command.get(0)).getFileName() + "-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
      }
      if (mustSucceed && p.exitValue() != 0) {
        fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
      }
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
