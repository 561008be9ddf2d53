package io.flowlens.demo.encode;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tshark over a pcap and flattens its JSON dissection: for each packet, every field
 * name with the values it has in that packet, in order. Without tshark on the PATH the calling test
 * fails when the CI environment variable is set and is reported as not run otherwise.
 */
final class Tshark {
  private Tshark() {}

  static void requireInstalled() {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "tshark"))) {
        found = true;
        break;
      }
    }
    if (!found && System.getenv("CI") != null) {
      fail("tshark is not on the PATH; CI must install it (apt-get install -y tshark)");
    }
    assumeTrue(found, "tshark is not on the PATH: the dissection tests did not run");
  }

  /** One map per packet: field name to its values in the packet, in dissection order. */
  static List<Map<String, List<String>>> dissect(Path pcap, String... extraArgs) throws IOException, InterruptedException {
    requireInstalled();
    List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
    command.addAll(List.of(extraArgs));
    command.addAll(List.of("-T", "json", "--no-duplicate-keys"));
    Path stdout = Files.createTempFile(pcap.getParent(), "tshark", ".json");
    Path stderr = Files.createTempFile(pcap.getParent(), "tshark", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("tshark did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      fail("tshark exited with " + p.exitValue() + ": " + Files.readString(stderr, StandardCharsets.UTF_8));
    }
    JsonNode root = new ObjectMapper().readTree(stdout.toFile());
    List<Map<String, List<String>>> packets = new ArrayList<>();
    for (JsonNode packet : root) {
      Map<String, List<String>> fields = new LinkedHashMap<>();
      flatten(packet.path("_source").path("layers"), fields);
      packets.add(fields);
    }
    return packets;
  }

  private static void flatten(JsonNode node, Map<String, List<String>> into) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(v, into);
      } else if (v.isArray()) {
        for (JsonNode item : v) {
          if (item.isObject()) {
            flatten(item, into);
          } else {
            into.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(item.asText());
          }
        }
      } else {
        into.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v.asText());
      }
    }
  }
}
