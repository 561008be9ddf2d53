package io.flowlens.operations;

import java.util.Collections;

/**
 * One PromQL expression that flowlens ships, ready to send to Prometheus (dashboard variables already
 * substituted).
 *
 * @param source where it comes from, e.g. {@code grafana-dashboards/traffic-overview.json panel 8 "Top talkers" target A}
 * @param expr the expression
 * @param kind which kind of file, or part of one, it comes from
 */
public record CataloguedQuery(String source, String expr, Kind kind) {

    /** The kind of file, or part of one, a query comes from. */
    public enum Kind {
        DASHBOARD,
        /** The series selector of a dashboard variable's {@code label_values(selector, label)}. */
        DASHBOARD_VARIABLE,
        RECORDING_RULE,
        ALERT,
        DOCUMENTATION,
        /** A query of docs/queries.md's "Alert conditions" section. */
        DOCUMENTED_CONDITION
    }

    /** An alert condition: returns nothing while all is well. */
    public boolean isCondition() {
        return kind == Kind.ALERT || kind == Kind.DOCUMENTED_CONDITION;
    }

    /**
     * Whether it selects a counter of {@link QueryCatalog#COUNTERS_CREATED_BY_FIRST_EVENT}, which a healthy
     * flowlens may not have yet.
     */
    public boolean selectsEventCounter() {
        return !Collections.disjoint(MetricNames.referencedBy(expr), QueryCatalog.COUNTERS_CREATED_BY_FIRST_EVENT);
    }

    @Override
    public String toString() {
        return source + ": " + expr;
    }
}
