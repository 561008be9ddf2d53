package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentsTest {
  private final List<String> events = new ArrayList<>();

  private AutoCloseable component(String name) {
    return () -> events.add("close " + name);
  }

  @Test
  void shouldStartInOrderAndCloseInReverse() {
    try (Components components = new Components()) {
      components.start("broker", component("broker"), c -> events.add("start broker"));
      components.start("aggregator", component("aggregator"), c -> events.add("start aggregator"));
      components.add("http", component("http"));
    }

    assertThat(events).containsExactly("start broker", "start aggregator", "close http", "close aggregator",
        "close broker");
  }

  @Test
  void shouldCloseEverythingStartedWhenAStartFails() {
    Components components = new Components();
    components.start("broker", component("broker"), c -> events.add("start broker"));

    assertThatThrownBy(() -> components.start("agent", component("agent"), c -> {
      throw new IllegalStateException("port 2055 in use", new java.net.BindException("Address already in use"));
    })).isInstanceOf(Components.StartException.class)
        .hasMessageContaining("cannot start agent: port 2055 in use")
        .hasMessageContaining("Address already in use");

    assertThat(events).containsExactly("start broker", "close agent", "close broker");
    assertThatThrownBy(() -> components.add("late", component("late"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldCloseTheOthersWhenOneFailsToClose() {
    Components components = new Components();
    components.add("broker", component("broker"));
    components.add("stubborn", () -> {
      throw new IllegalStateException("stuck");
    });
    components.add("http", component("http"));

    components.close();
    components.close();

    assertThat(events).containsExactly("close http", "close broker");
  }
}
