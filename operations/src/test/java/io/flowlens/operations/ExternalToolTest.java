package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    @Test
    void aMissingToolSkipsTheTestOutsideCiAndFailsItUnderCi() {
        Class<? extends Throwable> expected = System.getenv("CI") != null ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> ExternalTool.require("flowlens-no-such-tool"))
                .isInstanceOf(expected)
                .hasMessageContaining("flowlens-no-such-tool is not installed");
    }

    @Test
    void runReportsTheExitCodeAndEverythingPrinted(@TempDir Path directory) {
        ExternalTool.Run run = ExternalTool.require("sh").run(directory, Duration.ofSeconds(10), "-c", "echo out; echo err >&2; pwd; exit 3");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.succeeded()).isFalse();
        assertThat(run.output()).contains("out", "err", directory.toString());
        assertThat(run.describe()).contains("exited with 3");
    }

    @Test
    void runStopsAToolThatOverrunsItsTimeout(@TempDir Path directory) {
        assertThatThrownBy(() -> ExternalTool.require("sh").run(directory, Duration.ofMillis(300), "-c", "sleep 30"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish within");
    }
}
