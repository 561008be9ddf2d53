package io.flowlens.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowlens.operations.CataloguedQuery.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboards and their provisioning, and the PromQL syntax of every shipped expression. */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String DATASOURCE = "${DS_PROMETHEUS}";

    /** Variables per dashboard: exporter/interface only where the panels' series carry those labels. */
    private static final Map<String, List<String>> VARIABLES = Map.of(
            "flowlens — Traffic overview", List.of("DS_PROMETHEUS", "exporter", "interface", "window"),
            "flowlens — Geography and ASNs", List.of("DS_PROMETHEUS", "window"),
            "flowlens — Collector health", List.of("DS_PROMETHEUS", "exporter", "window"));

    private final RepositoryFiles repository = RepositoryFiles.current();

    @Test
    void shipsTheThreeDashboardsWithUniqueUids() throws IOException {
        Set<String> uids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (Path file : repository.dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            titles.add(dashboard.path("title").asText());
            assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in " + file).isTrue();
            assertThat(dashboard.path("schemaVersion").asInt()).as(file + " schemaVersion").isEqualTo(39);
            assertThat(dashboard.path("tags").toString()).as(file + " tags").contains("flowlens");
        }
        assertThat(titles).containsExactlyInAnyOrderElementsOf(VARIABLES.keySet());
    }

    @Test
    void eachDashboardHasItsTemplateVariables() throws IOException {
        for (Path file : repository.dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            List<String> names = new ArrayList<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String name = variable.path("name").asText();
                names.add(name);
                switch (name) {
                    case "DS_PROMETHEUS":
                        assertThat(variable.path("type").asText()).isEqualTo("datasource");
                        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
                        break;
                    case "window":
                        assertThat(variable.path("type").asText()).isEqualTo("custom");
                        assertThat(variable.path("query").asText()).isEqualTo("1m,5m,15m,1h");
                        assertThat(variable.path("options").findValuesAsText("value")).containsExactly("1m", "5m", "15m", "1h");
                        break;
                    default:
                        assertThat(variable.path("type").asText()).as(file + " $" + name).isEqualTo("query");
                        assertThat(variable.path("multi").asBoolean()).as(file + " $" + name + " multi").isTrue();
                        assertThat(variable.path("includeAll").asBoolean()).as(file + " $" + name + " All").isTrue();
                        assertThat(variable.path("allValue").asText()).as(file + " $" + name + " All value").isEqualTo(".*");
                        assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
                }
            }
            assertThat(names).as(file + " variables").containsExactlyElementsOf(VARIABLES.get(dashboard.path("title").asText()));
        }
    }

    @Test
    void panelsHaveUniqueIdsAPlaceADatasourceAndAnExpressionPerTarget() throws IOException {
        for (Path file : repository.dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            Set<Integer> ids = new HashSet<>();
            assertThat(dashboard.path("panels").size()).as(file + " panels").isGreaterThanOrEqualTo(8);
            for (JsonNode panel : dashboard.path("panels")) {
                String name = file.getFileName() + " panel \"" + panel.path("title").asText() + "\"";
                assertThat(panel.path("id").isInt()).as(name + " id").isTrue();
                assertThat(ids.add(panel.path("id").asInt())).as(name + " unique id").isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(name + " width").isBetween(1, 24);
                assertThat(panel.path("gridPos").path("h").asInt()).as(name + " height").isPositive();
                assertThat(panel.path("datasource").path("uid").asText()).as(name + " datasource").isEqualTo(DATASOURCE);
                assertThat(panel.path("targets").size()).as(name + " targets").isPositive();
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(name + " expr").isNotBlank();
                    assertThat(refIds.add(target.path("refId").asText())).as(name + " unique refId").isTrue();
                    assertThat(target.path("datasource").path("uid").asText()).as(name + " target datasource").isEqualTo(DATASOURCE);
                }
            }
        }
    }

    /**
     * Multi-value variables expand to a regex ({@code (a|b)} or {@code .*}), so they must be used with
     * {@code =~}; rates use Grafana's {@code $__rate_interval}, window gauges the {@code $window} variable.
     */
    @Test
    void expressionsUseTheVariablesTheWayGrafanaExpandsThem() throws IOException {
        for (Path file : repository.dashboards()) {
            for (JsonNode expr : JSON.readTree(file.toFile()).findValues("expr")) {
                String text = expr.asText();
                assertThat(text).as(file + ": " + text).doesNotContain("=\"$exporter\"", "=\"$interface\"", "!=\"$");
                if (text.contains("rate(")) {
                    assertThat(text).as(file + ": " + text).contains("[$__rate_interval]");
                }
                if (text.matches("(?s).*flow_(window_bytes|window_packets|window_flows|bandwidth_bps)\\{.*")) {
                    assertThat(text).as(file + ": " + text).contains("window=\"$window\"");
                }
            }
        }
    }

    @Test
    void geomapPanelsPlaceCountriesTheirQueryGroupsBy() throws IOException {
        int maps = 0;
        for (Path file : repository.dashboards()) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                if (!"geomap".equals(panel.path("type").asText())) {
                    continue;
                }
                maps++;
                JsonNode location = panel.path("options").path("layers").path(0).path("location");
                assertThat(location.path("mode").asText()).isEqualTo("lookup");
                assertThat(location.path("gazetteer").asText()).isEqualTo("public/gazetteer/countries.json");
                String field = location.path("lookup").asText();
                assertThat(field).isIn("src_country", "dst_country");
                JsonNode target = panel.path("targets").path(0);
                assertThat(target.path("expr").asText()).contains("by (" + field + ")");
                assertThat(target.path("format").asText()).isEqualTo("table");
                assertThat(target.path("instant").asBoolean()).isTrue();
            }
        }
        assertThat(maps).isEqualTo(2);
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboardFolder() throws IOException {
        JsonNode datasources = YAML.readTree(repository.root().resolve("grafana/provisioning/datasources/prometheus.yml").toFile());
        JsonNode prometheus = datasources.path("datasources").path(0);
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("uid").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("isDefault").asBoolean()).isTrue();
        assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");

        JsonNode providers = YAML.readTree(repository.root().resolve("grafana/provisioning/dashboards/flowlens.yml").toFile());
        JsonNode provider = providers.path("providers").path(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo(ComposeFileTest.GRAFANA_DASHBOARDS_MOUNT);
    }

    /** Every expression of dashboards, rules and docs/queries.md parses with Prometheus's parser. */
    @Test
    void everyShippedExpressionParses(@TempDir Path work) {
        List<CataloguedQuery> queries = QueryCatalog.load(repository).queries();
        assertThat(queries).extracting(CataloguedQuery::kind).contains(Kind.values());
        assertThat(PromqlSyntax.problems(queries, work)).isEmpty();
    }

    @Test
    void promqlSyntaxNamesTheQueriesThatDoNotParse(@TempDir Path work) {
        List<String> problems = PromqlSyntax.problems(List.of(
                new CataloguedQuery("fine", "sum by (protocol) (rate(flow_parsed_records_total[5m]))", Kind.DOCUMENTATION),
                new CataloguedQuery("unclosed", "sum(rate(flow_parsed_records_total[5m])", Kind.DASHBOARD),
                new CataloguedQuery("bad duration", "rate(flow_bytes_total[5 minutes])", Kind.DASHBOARD)), work);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("unclosed: ").contains("unclosed left parenthesis");
        assertThat(problems.get(1)).startsWith("bad duration: ");
    }
}
