package io.flowlens.operations;

/**
 * One PromQL expression that flowlens ships, ready to send to Prometheus (dashboard variables already
 * substituted).
 *
 * @param source where it comes from, e.g. {@code grafana-dashboards/traffic-overview.json panel 5 "Top talkers" target A}
 * @param expr the expression
 * @param kind which kind of file it comes from
 * @param expectsData whether a Prometheus scraping a running flowlens with traffic (all-in-one --demo) must
 *     return at least one series for it; false for alert conditions and for queries over counters that
 *     only appear once something goes wrong (see {@link QueryCatalog#COUNTERS_CREATED_BY_FIRST_EVENT})
 */
public record CataloguedQuery(String source, String expr, Kind kind, boolean expectsData) {

    /** The kind of file a query comes from. */
    public enum Kind {
        DASHBOARD,
        DASHBOARD_VARIABLE,
        RECORDING_RULE,
        ALERT,
        DOCUMENTATION
    }

    @Override
    public String toString() {
        return source + ": " + expr;
    }
}
