package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.operations.CataloguedQuery.Kind;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QueryCatalogTest {

    private final RepositoryFiles repository = RepositoryFiles.current();
    private final QueryCatalog catalog = QueryCatalog.load(repository);

    @Test
    void collectsTheQueriesOfDashboardsRulesAndDocumentation() {
        assertThat(catalog.ofKind(Kind.DASHBOARD)).hasSizeGreaterThanOrEqualTo(30);
        assertThat(catalog.ofKind(Kind.DASHBOARD_VARIABLE)).extracting(CataloguedQuery::source).containsExactlyInAnyOrder(
                "grafana-dashboards/collector-health.json variable exporter",
                "grafana-dashboards/traffic-overview.json variable exporter",
                "grafana-dashboards/traffic-overview.json variable interface");
        assertThat(catalog.ofKind(Kind.ALERT)).hasSize(8);
        assertThat(catalog.ofKind(Kind.RECORDING_RULE)).extracting(CataloguedQuery::source)
                .containsExactly("prometheus/rules/flowlens-recording.yml record flowlens:aggregator_consumer_lag_records:max");
        assertThat(catalog.ofKind(Kind.DOCUMENTATION)).hasSizeGreaterThanOrEqualTo(15);
        assertThat(catalog.ofKind(Kind.DOCUMENTED_CONDITION)).hasSize(3);
    }

    @Test
    void documentsTheQueriesOperatorsAskFor() {
        List<String> documented = catalog.ofKind(Kind.DOCUMENTATION).stream()
                .map(query -> query.expr().replaceAll("\\s+", ""))
                .collect(Collectors.toList());
        assertThat(documented).contains(
                "topk(10,sumby(src_ip,dst_ip)(rate(flow_bytes_total{aggregation=\"talkers\"}[5m])*8))",
                "topk(10,sumby(dst_ip)(flow_window_bytes{aggregation=\"talkers\",window=\"1h\"}))");
        String all = String.join("\n", documented);
        assertThat(all).contains("direction", "dst_country", "dst_as_org", "flow_dropped_records_total", "sumby(proto)");
    }

    @Test
    void substitutesEveryDashboardVariable() {
        assertThat(catalog.queries()).allSatisfy(query -> assertThat(query.expr()).as(query.source()).doesNotContain("$"));
        assertThat(QueryCatalog.substituteDashboardVariables(
                "sum(rate(flow_bytes_total{exporter=~\"$exporter\", interface=~\"${interface}\"}[$__rate_interval])) + flow_bandwidth_bps{window=\"${window:text}\"}"))
                .isEqualTo("sum(rate(flow_bytes_total{exporter=~\".*\", interface=~\".*\"}[1m])) + flow_bandwidth_bps{window=\"5m\"}");
        assertThatThrownBy(() -> QueryCatalog.substituteDashboardVariables("flow_bytes_total{site=\"$site\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$site");
    }

    @Test
    void readsQuestionsBlocksAndTheConditionsSectionOfMarkdown() {
        String markdown = String.join("\n",
                "# Queries", "", "## Traffic", "", "Who talks most?", "", "```promql",
                "topk(10, flow_bytes_total)", "```", "", "## Alert conditions", "", "Who is silent?", "", "```promql",
                "absent(up)", "```", "");
        assertThat(QueryCatalog.fromMarkdown("q.md", markdown)).containsExactly(
                new CataloguedQuery("q.md \"Who talks most?\"", "topk(10, flow_bytes_total)", Kind.DOCUMENTATION),
                new CataloguedQuery("q.md \"Who is silent?\"", "absent(up)", Kind.DOCUMENTED_CONDITION));
        assertThatThrownBy(() -> QueryCatalog.fromMarkdown("q.md", "Question?\n```promql\nup\n"))
                .hasMessageContaining("unterminated");
    }

    @Test
    void readsPanelTargetsInsideCollapsedRowsAndVariableSelectors() throws Exception {
        String dashboard = "{\"templating\":{\"list\":[{\"name\":\"exporter\",\"type\":\"query\","
                + "\"query\":{\"query\":\"label_values(flow_received_packets_total{protocol=\\\"sflow\\\"}, exporter)\"}},"
                + "{\"name\":\"window\",\"type\":\"custom\",\"query\":\"1m,5m\"}]},"
                + "\"panels\":[{\"id\":1,\"type\":\"row\",\"title\":\"Row\",\"panels\":[{\"id\":2,\"title\":\"Inner\","
                + "\"targets\":[{\"refId\":\"A\",\"expr\":\"sum(flow_bandwidth_bps{window=\\\"$window\\\"})\"}]}]}]}";
        assertThat(QueryCatalog.fromDashboard("d.json", new ObjectMapper().readTree(dashboard))).containsExactly(
                new CataloguedQuery("d.json variable exporter", "flow_received_packets_total{protocol=\"sflow\"}", Kind.DASHBOARD_VARIABLE),
                new CataloguedQuery("d.json panel 2 \"Inner\" target A", "sum(flow_bandwidth_bps{window=\"5m\"})", Kind.DASHBOARD));
    }

    @Test
    void leavesConditionsAndEventCountersOutOfTheQueriesThatMustReturnData() {
        assertThat(catalog.expectingData()).isNotEmpty().noneMatch(CataloguedQuery::isCondition)
                .noneMatch(CataloguedQuery::selectsEventCounter);
        assertThat(catalog.exceptConditions()).anyMatch(CataloguedQuery::selectsEventCounter);
        assertThat(catalog.expectingData()).extracting(CataloguedQuery::kind)
                .contains(Kind.DASHBOARD, Kind.DASHBOARD_VARIABLE, Kind.RECORDING_RULE, Kind.DOCUMENTATION);
    }

    /**
     * A real Prometheus scraping an exposition with every flowlens metric (the names of the spec, one
     * or two series each) answers every shipped query but the alert conditions: no query misspells a
     * metric or label value.
     */
    @Test
    void everyQueryButTheConditionsReturnsDataFromAnExpositionOfEveryFlowlensMetric() {
        try (ExpositionFixture target = ExpositionFixture.startServing("/fixtures/flowlens-metrics.txt");
                PrometheusServer prometheus = PrometheusServer.startScraping(target.target(), repository.recordingRuleFiles())) {
            prometheus.awaitTargetUp(Duration.ofSeconds(30));
            QueryCatalog.assertReturnData(catalog.exceptConditions(), prometheus, Duration.ofSeconds(60));
        }
    }

    @Test
    void failsNamingTheQueriesThatReturnedNothing() {
        QueryCatalog misspelt = QueryCatalog.of(List.of(
                new CataloguedQuery("good", "flow_worker_queue_length", Kind.DOCUMENTATION),
                new CataloguedQuery("misspelt", "flow_worker_queue_lenght", Kind.DOCUMENTATION),
                new CataloguedQuery("broken", "sum(", Kind.DOCUMENTATION)));
        try (ExpositionFixture target = ExpositionFixture.startServing("/fixtures/flowlens-metrics.txt");
                PrometheusServer prometheus = PrometheusServer.startScraping(target.target(), List.of())) {
            prometheus.awaitTargetUp(Duration.ofSeconds(30));
            assertThatThrownBy(() -> misspelt.assertEveryQueryReturnsData(prometheus, Duration.ofSeconds(3)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 of 3")
                    .hasMessageContaining("misspelt: flow_worker_queue_lenght")
                    .hasMessageContaining("broken: sum(")
                    .hasMessageContaining("parse error")
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("good:"));
        }
    }
}
