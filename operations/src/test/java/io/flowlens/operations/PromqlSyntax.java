package io.flowlens.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks PromQL syntax with Prometheus's own parser: every expression becomes a recording rule in a
 * generated rules file, one group per expression so that promtool's messages name it, and
 * {@code promtool check rules} parses them all.
 */
public final class PromqlSyntax {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern GROUP = Pattern.compile("group \"q(\\d+)\"");

    private PromqlSyntax() {
    }

    /** One message per query promtool cannot parse, naming the query; empty when all parse. */
    public static List<String> problems(List<CataloguedQuery> queries, Path workDirectory) {
        ExternalTool promtool = ExternalTool.require("promtool");
        ObjectNode root = YAML.createObjectNode();
        ArrayNode groups = root.putArray("groups");
        for (int i = 0; i < queries.size(); i++) {
            ObjectNode group = groups.addObject();
            group.put("name", "q" + i);
            group.putArray("rules").addObject().put("record", "q" + i).put("expr", queries.get(i).expr());
        }
        Path rules = workDirectory.resolve("catalogued-queries.yml");
        try {
            YAML.writeValue(rules.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rules, e);
        }
        ExternalTool.Run run = promtool.run(workDirectory, Duration.ofMinutes(1), "check", "rules", rules.toString());
        List<String> problems = new ArrayList<>();
        if (run.succeeded()) {
            return problems;
        }
        for (String line : run.output().split("\n")) {
            Matcher group = GROUP.matcher(line);
            if (group.find()) {
                problems.add(queries.get(Integer.parseInt(group.group(1))) + "\n    " + line.strip());
            }
        }
        if (problems.isEmpty()) {
            problems.add(run.describe());
        }
        return problems;
    }
}
