package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  private static CommandLine parse(String... args) throws UsageException {
    return CommandLine.parse(args, Set.of("config", "rate"), Set.of("demo"));
  }

  @Test
  void shouldReadValuesInBothSpellingsAndFlags() throws UsageException {
    CommandLine line = parse("--config", "a.yaml", "--rate=500", "--demo");

    assertThat(line.value("config")).contains("a.yaml");
    assertThat(line.value("rate")).contains("500");
    assertThat(line.flag("demo")).isTrue();
    assertThat(line.help()).isFalse();
  }

  @Test
  void shouldLeaveAbsentOptionsEmpty() throws UsageException {
    CommandLine line = parse();

    assertThat(line.value("config")).isEmpty();
    assertThat(line.flag("demo")).isFalse();
    assertThatThrownBy(() -> line.required("config")).hasMessage("option --config is required");
  }

  @Test
  void shouldRecogniseHelpInEitherForm() throws UsageException {
    assertThat(parse("--help").help()).isTrue();
    assertThat(parse("--config", "x", "-h").help()).isTrue();
  }

  @Test
  void shouldRejectWhatItCannotRun() {
    assertThatThrownBy(() -> parse("--verbose")).hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> parse("config.yaml")).hasMessage("unexpected argument 'config.yaml'");
    assertThatThrownBy(() -> parse("--")).hasMessage("unexpected argument '--'");
    assertThatThrownBy(() -> parse("--config")).hasMessage("option --config needs a value");
    assertThatThrownBy(() -> parse("--config", "--demo")).hasMessage("option --config needs a value");
    assertThatThrownBy(() -> parse("--config=")).hasMessage("option --config needs a value");
    assertThatThrownBy(() -> parse("--config", "a", "--config", "b")).hasMessage("option --config is given more than once");
    assertThatThrownBy(() -> parse("--demo=yes")).hasMessage("option --demo takes no value");
  }
}
