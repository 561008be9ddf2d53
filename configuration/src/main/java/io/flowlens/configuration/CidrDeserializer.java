package io.flowlens.configuration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** Reads {@link Cidr} blocks. */
final class CidrDeserializer extends JsonDeserializer<Cidr> {
  @Override
  public Cidr deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String text = p.getValueAsString();
    if (text == null) {
      return (Cidr) ctxt.handleUnexpectedToken(Cidr.class, p);
    }
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      return (Cidr) ctxt.handleWeirdStringValue(Cidr.class, text, null);
    }
  }
}
