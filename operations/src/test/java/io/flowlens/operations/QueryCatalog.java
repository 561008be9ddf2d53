package io.flowlens.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowlens.operations.CataloguedQuery.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every PromQL expression flowlens ships: dashboard panel targets and the series selectors of dashboard
 * variables (Grafana variables substituted, see {@link #DASHBOARD_VARIABLES}), recording and alerting
 * rules, and the {@code promql} blocks of docs/queries.md.
 */
public final class QueryCatalog {

    /**
     * Values for the Grafana variables the dashboards use: a typical window, a rate interval of four
     * 15 s scrapes, and "All" (Grafana sends {@code .*} for an {@code =~} matcher) for the filters.
     */
    public static final Map<String, String> DASHBOARD_VARIABLES = Map.of(
            "window", "5m",
            "__rate_interval", "1m",
            "__interval", "15s",
            "__range", "1h",
            "exporter", ".*",
            "interface", ".*");

    /**
     * Counters that get their first series when the event they count happens (a drop, a sequence gap,
     * an options record, an sFlow counter sample), so a healthy demo need not have them. A query that
     * selects any of them is left out of {@link #expectingData()}.
     */
    public static final Set<String> COUNTERS_CREATED_BY_FIRST_EVENT = Set.of(
            "flow_dropped_records_total",
            "flow_sequence_lost_total",
            "flow_options_records_total",
            "flow_interface_samples_total");

    /** docs/queries.md section whose queries are alert conditions, empty while all is well. */
    static final String CONDITIONS_HEADING = "## Alert conditions";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");

    private final List<CataloguedQuery> queries;

    private QueryCatalog(List<CataloguedQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    /** The queries shipped in the checkout {@code repository}. */
    public static QueryCatalog load(RepositoryFiles repository) {
        List<CataloguedQuery> queries = new ArrayList<>();
        for (Path dashboard : repository.dashboards()) {
            queries.addAll(fromDashboard(repository.root().relativize(dashboard).toString(), readTree(JSON, dashboard)));
        }
        for (Path rules : repository.ruleFiles()) {
            queries.addAll(fromRules(repository.root().relativize(rules).toString(), readTree(YAML, rules)));
        }
        queries.addAll(fromMarkdown(repository.root().relativize(repository.queriesDocument()).toString(),
                read(repository.queriesDocument())));
        return new QueryCatalog(queries);
    }

    /** A catalog of the given queries. */
    public static QueryCatalog of(List<CataloguedQuery> queries) {
        return new QueryCatalog(queries);
    }

    public List<CataloguedQuery> queries() {
        return queries;
    }

    public List<CataloguedQuery> ofKind(Kind kind) {
        return queries.stream().filter(query -> query.kind() == kind).collect(Collectors.toList());
    }

    /**
     * The queries a Prometheus scraping a healthy flowlens with traffic (all-in-one --demo) must answer
     * with data: all but alert conditions and queries over {@link #COUNTERS_CREATED_BY_FIRST_EVENT}.
     */
    public List<CataloguedQuery> expectingData() {
        return queries.stream()
                .filter(query -> !query.isCondition() && !query.selectsEventCounter())
                .collect(Collectors.toList());
    }

    /** All queries but alert conditions: a target exposing every flowlens metric answers each with data. */
    public List<CataloguedQuery> exceptConditions() {
        return queries.stream().filter(query -> !query.isCondition()).collect(Collectors.toList());
    }

    /**
     * The end-to-end check: {@link #assertReturnData(List, PrometheusServer, Duration)} for
     * {@link #expectingData()}.
     */
    public void assertEveryQueryReturnsData(PrometheusServer prometheus, Duration timeout) {
        assertReturnData(expectingData(), prometheus, timeout);
    }

    /**
     * Runs each of {@code queries} against {@code prometheus} until it has returned at least one series,
     * and fails listing those that have not (or that Prometheus rejected) once {@code timeout} has
     * passed. Rates need two scrapes and window gauges a completed window, hence the retries.
     */
    public static void assertReturnData(List<CataloguedQuery> queries, PrometheusServer prometheus, Duration timeout) {
        List<CataloguedQuery> pending = new ArrayList<>(queries);
        Map<CataloguedQuery, String> errors = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            errors.clear();
            pending.removeIf(query -> {
                try {
                    return !prometheus.query(query.expr()).isEmpty();
                } catch (PrometheusServer.QueryException e) {
                    errors.put(query, e.getMessage());
                    return false;
                }
            });
            if (pending.isEmpty() || Instant.now().isAfter(deadline)) {
                break;
            }
            sleep(Duration.ofSeconds(1));
        }
        if (!pending.isEmpty()) {
            String list = pending.stream()
                    .map(query -> "  " + query + (errors.containsKey(query) ? "\n    error: " + errors.get(query) : ""))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(pending.size() + " of " + queries.size()
                    + " catalogued queries returned no data within " + timeout + ":\n" + list);
        }
    }

    /** {@code expr} with the Grafana variables of {@link #DASHBOARD_VARIABLES} replaced; unknown ones fail. */
    public static String substituteDashboardVariables(String expr) {
        Matcher variable = VARIABLE.matcher(expr);
        StringBuilder substituted = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            String value = DASHBOARD_VARIABLES.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown dashboard variable $" + name + " in " + expr);
            }
            variable.appendReplacement(substituted, Matcher.quoteReplacement(value));
        }
        variable.appendTail(substituted);
        return substituted.toString();
    }

    static List<CataloguedQuery> fromDashboard(String file, JsonNode dashboard) {
        List<CataloguedQuery> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isTextual() ? query.asText() : query.path("query").asText();
            Matcher labelValues = LABEL_VALUES.matcher(text);
            if (labelValues.matches()) {
                String expr = substituteDashboardVariables(labelValues.group(1));
                queries.add(new CataloguedQuery(file + " variable " + variable.path("name").asText(), expr, Kind.DASHBOARD_VARIABLE));
            }
        }
        collectPanels(file, dashboard.path("panels"), queries);
        return queries;
    }

    private static void collectPanels(String file, JsonNode panels, List<CataloguedQuery> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    String source = file + " panel " + panel.path("id").asText() + " \"" + panel.path("title").asText()
                            + "\" target " + target.path("refId").asText();
                    queries.add(new CataloguedQuery(source, substituteDashboardVariables(target.path("expr").asText()), Kind.DASHBOARD));
                }
            }
            // Collapsed rows keep their panels inside the row.
            collectPanels(file, panel.path("panels"), queries);
        }
    }

    static List<CataloguedQuery> fromRules(String file, JsonNode rules) {
        List<CataloguedQuery> queries = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText().strip();
                if (rule.hasNonNull("alert")) {
                    queries.add(new CataloguedQuery(file + " alert " + rule.path("alert").asText(), expr, Kind.ALERT));
                } else {
                    queries.add(new CataloguedQuery(file + " record " + rule.path("record").asText(), expr, Kind.RECORDING_RULE));
                }
            }
        }
        return queries;
    }

    static List<CataloguedQuery> fromMarkdown(String file, String markdown) {
        List<CataloguedQuery> queries = new ArrayList<>();
        String heading = "";
        String question = "";
        StringBuilder block = null;
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (block != null) {
                if (line.strip().equals("```")) {
                    Kind kind = heading.startsWith(CONDITIONS_HEADING) ? Kind.DOCUMENTED_CONDITION : Kind.DOCUMENTATION;
                    queries.add(new CataloguedQuery(file + " \"" + question + "\"", block.toString().strip(), kind));
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.strip().equals("```promql")) {
                block = new StringBuilder();
            } else if (line.startsWith("## ")) {
                heading = line.strip();
            } else if (!line.isBlank()) {
                question = line.strip();
            }
        }
        if (block != null) {
            throw new IllegalArgumentException(file + ": unterminated ```promql block after \"" + question + "\"");
        }
        return queries;
    }

    private static JsonNode readTree(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Prometheus", e);
        }
    }
}
