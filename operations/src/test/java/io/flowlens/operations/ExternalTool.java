package io.flowlens.operations;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool from the host (promtool, prometheus, docker-compose). Where it is missing the
 * test is skipped with the reason, except under CI (environment variable {@code CI} set), where a
 * missing tool fails the build: CI installs them all.
 */
public final class ExternalTool {

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** The tool named {@code name} on the PATH; aborts (or under CI fails) the calling test when absent. */
    public static ExternalTool require(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new ExternalTool(candidate);
            }
        }
        String message = name + " is not installed (not on PATH); on Debian: apt-get install -y "
                + debianPackage(name);
        if (System.getenv("CI") != null) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }

    private static String debianPackage(String name) {
        switch (name) {
            case "promtool":
            case "prometheus":
                return "prometheus";
            default:
                return name;
        }
    }

    public Path executable() {
        return executable;
    }

    /** Runs the tool with {@code arguments} in {@code directory}, stdout and stderr together, killed after {@code timeout}. */
    public Run run(Path directory, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        Path output = null;
        try {
            output = Files.createTempFile("flowlens-" + executable.getFileName(), ".out");
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Run(String.join(" ", command), process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A leftover temp file is harmless; the run's result matters more.
                }
            }
        }
    }

    /** The outcome of one run: the command line, its exit code and everything it printed. */
    public record Run(String command, int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** A failure message naming the command, its exit code and its output. */
        public String describe() {
            return command + " exited with " + exitCode + ":\n" + output;
        }
    }
}
