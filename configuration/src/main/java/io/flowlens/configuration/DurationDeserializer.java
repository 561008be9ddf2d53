package io.flowlens.configuration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;

/** Reads {@link Durations} forms; a bare number is taken as seconds. */
final class DurationDeserializer extends JsonDeserializer<Duration> {
  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return Duration.ofSeconds(p.getLongValue());
    }
    String text = p.getValueAsString();
    if (text == null) {
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, null);
    }
  }
}
