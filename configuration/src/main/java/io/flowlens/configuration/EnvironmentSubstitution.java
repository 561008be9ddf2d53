package io.flowlens.configuration;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in a scalar value from the environment;
 * {@code $$} stands for a literal {@code $}. A variable that is unset (or empty, for the {@code :-}
 * form) takes the default; one without a default is a problem at that key.
 */
final class EnvironmentSubstitution {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> environment;

  EnvironmentSubstitution(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The expanded text; problems go to {@code problems} under {@code path}. */
  String expand(String text, String path, ConfigProblems problems) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = environment.get(m.group(1));
        String fallback = m.group(2);
        if (fallback != null && (value == null || value.isEmpty())) {
          replacement = fallback;
        } else if (value == null) {
          problems.add(path, "environment variable " + m.group(1) + " is not set and ${" + m.group(1)
              + "} has no default (write ${" + m.group(1) + ":-default})");
          replacement = "";
        } else {
          replacement = value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
