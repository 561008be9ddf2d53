package io.flowlens.configuration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** Reads {@link DataSize} forms; a bare number is bytes. */
final class DataSizeDeserializer extends JsonDeserializer<DataSize> {
  @Override
  public DataSize deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
      return DataSize.ofBytes(p.getLongValue());
    }
    String text = p.getValueAsString();
    if (text == null) {
      return (DataSize) ctxt.handleUnexpectedToken(DataSize.class, p);
    }
    try {
      return DataSize.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return (DataSize) ctxt.handleWeirdStringValue(DataSize.class, text, null);
    }
  }
}
