package io.flowlens.system;

import io.flowlens.operations.ExternalTool;
import io.flowlens.operations.PrometheusServer;
import io.flowlens.operations.QueryCatalog;
import io.flowlens.operations.RepositoryFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL query flowlens ships — Grafana panels and template variables, alert and recording
 * rules, docs/queries.md — runs against a real Prometheus scraping {@code all-in-one --demo} and
 * returns data (alert conditions and counters that only exist after a first drop excepted: see
 * {@link QueryCatalog#expectingData()}). The demo fills every aggregation and window within a
 * minute or two: windows are rolling, so the 1h gauges exist from the first completed minute.
 */
class ShippedQueriesIT {
  @TempDir Path dir;

  @Test
  void shouldAnswerEveryShippedQueryWithData() throws Exception {
    ExternalTool.require("prometheus");
    RepositoryFiles repository = RepositoryFiles.current();
    try (AllInOneFixture flowlens = AllInOneFixture.start(dir, true, "commit_interval: 500ms\ngrace: 1s");
        PrometheusServer prometheus = PrometheusServer.startScraping("127.0.0.1:" + flowlens.httpPort(),
            repository.recordingRuleFiles())) {
      QueryCatalog.load(repository).assertEveryQueryReturnsData(prometheus, Duration.ofMinutes(4));
    }
  }
}
