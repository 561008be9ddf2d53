package io.flowlens.app;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one command: {@code --name VALUE} or {@code --name=VALUE} for options that take a
 * value, {@code --name} for flags. Every command accepts {@code --help} (or {@code -h}). No
 * positional arguments: an unexpected word is a usage error, so that a typo never silently runs with
 * defaults.
 */
final class CommandLine {
  private final Map<String, String> values;
  private final Set<String> flags;

  private CommandLine(Map<String, String> values, Set<String> flags) {
    this.values = Map.copyOf(values);
    this.flags = Set.copyOf(flags);
  }

  /**
   * @param valued the options that take a value, without the leading dashes
   * @param flagNames the options that take none
   */
  static CommandLine parse(String[] args, Set<String> valued, Set<String> flagNames) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        flags.add("help");
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new UsageException("option --" + name + " needs a value");
          }
          value = args[++i];
        }
        if (value.isEmpty()) {
          throw new UsageException("option --" + name + " needs a value");
        }
        if (values.put(name, value) != null) {
          throw new UsageException("option --" + name + " is given more than once");
        }
      } else if (flagNames.contains(name)) {
        if (value != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        flags.add(name);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return new CommandLine(values, flags);
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String required(String name) throws UsageException {
    return value(name).orElseThrow(() -> new UsageException("option --" + name + " is required"));
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  boolean help() {
    return flags.contains("help");
  }
}
