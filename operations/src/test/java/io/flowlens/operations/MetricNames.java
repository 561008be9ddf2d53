package io.flowlens.operations;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found lexically: enough for the expressions flowlens
 * ships, not a PromQL parser (promtool checks the syntax).
 */
public final class MetricNames {

    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
                    "offset", "inf", "nan", "Inf", "NaN", "e");

    private MetricNames() {
    }

    /** The metric names {@code expr} selects, in order of appearance. */
    public static Set<String> referencedBy(String expr) {
        String stripped = QUOTED.matcher(expr).replaceAll("\"\"");
        stripped = MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = LABEL_LISTS.matcher(stripped).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String token = identifier.group();
            boolean partOfNumber = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
            if (partOfNumber || KEYWORDS.contains(token) || isFunctionCall(stripped, identifier.end())) {
                continue;
            }
            names.add(token);
        }
        return names;
    }

    private static boolean isFunctionCall(String text, int end) {
        int next = end;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        return next < text.length() && text.charAt(next) == '(';
    }
}
