package io.flowlens.configuration;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads a YAML configuration file into a typed, validated section tree.
 *
 * <p>Every command reads the same format: nested sections and lists, snake_case keys,
 * {@code ${ENV:-default}} substitution in values, defaults for every key (the section classes'
 * field initialisers), and unknown keys rejected. All problems of a file are collected — unknown
 * keys, values of the wrong type, values out of range — each named by its YAML path, and reported
 * together in one {@link ConfigException}.
 */
public final class ConfigLoader {
  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** A loader that substitutes from the process environment. */
  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  public <T extends Validated> T load(Path file, Class<T> type) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of(new ConfigProblem("", "file not found")));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of(new ConfigProblem("", "cannot read: " + e.getMessage())));
    }
    return parse(text, type, file.toString());
  }

  /** Parses YAML text; {@code source} names it in messages. Empty text gives the defaults. */
  public <T extends Validated> T parse(String yaml, Class<T> type, String source) throws ConfigException {
    ConfigProblems problems = new ConfigProblems();
    JsonNode tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")";
      throw new ConfigException(source, List.of(new ConfigProblem("", "not valid YAML" + where + ": "
          + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(source, List.of(new ConfigProblem("", "must be a YAML mapping of sections")));
    }
    JsonNode substituted = substitute(tree, "", problems);

    ObjectMapper mapper = mapper(problems);
    T config;
    try {
      config = mapper.treeToValue(substituted, type);
    } catch (IOException e) {
      problems.add(pathOf(e), describe(e));
      throw new ConfigException(source, problems.list());
    }
    if (config == null) {
      throw new ConfigException(source, problems.list());
    }
    config.validate("", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems.list());
    }
    return config;
  }

  private JsonNode substitute(JsonNode node, String path, ConfigProblems problems) {
    if (node.isTextual()) {
      return TextNode.valueOf(new EnvironmentSubstitution(environment).expand(node.asText(), path, problems));
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), substitute(e.getValue(), ConfigProblems.child(path, e.getKey()), problems));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        out.add(substitute(node.get(i), ConfigProblems.index(path, i), problems));
      }
      return out;
    }
    return node;
  }

  private static ObjectMapper mapper(ConfigProblems problems) {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
        .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("flowlens-config")
            .addDeserializer(Duration.class, new DurationDeserializer())
            .addDeserializer(DataSize.class, new DataSizeDeserializer())
            .addDeserializer(Cidr.class, new CidrDeserializer()))
        .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("flowlens-sections")
            .setDeserializerModifier(new SectionsAreMappings()))
        .addHandler(new ProblemCollector(problems))
        .build();
  }

  /**
   * Jackson quietly keeps a merged section when the file gives a scalar or a list in its place
   * ({@code agent: 5}); this makes that a problem like any other value of the wrong type.
   */
  private static final class SectionsAreMappings extends BeanDeserializerModifier {
    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
        JsonDeserializer<?> deserializer) {
      if (!Validated.class.isAssignableFrom(description.getBeanClass())) {
        return deserializer;
      }
      return new DelegatingDeserializer(deserializer) {
        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
          return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws IOException {
          if (!p.isExpectedStartObjectToken() && !p.hasToken(JsonToken.FIELD_NAME)) {
            return ctxt.handleUnexpectedToken(description.getType(), p);
          }
          return ((JsonDeserializer<Object>) _delegatee).deserialize(p, ctxt, intoValue);
        }
      };
    }
  }

  /** Turns Jackson's complaints into problems at their YAML path, and carries on. */
  private static final class ProblemCollector extends DeserializationProblemHandler {
    private final ConfigProblems problems;

    ProblemCollector(ConfigProblems problems) {
      this.problems = problems;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
        Object beanOrClass, String propertyName) throws IOException {
      String known = deserializer.getKnownPropertyNames().stream().map(Object::toString).sorted()
          .collect(Collectors.joining(", "));
      String at = path(p.getParsingContext(), true);
      if (!at.equals(propertyName) && !at.endsWith("." + propertyName)) {
        at = ConfigProblems.child(at, propertyName);
      }
      problems.add(at,
          "unknown key" + (known.isEmpty() ? "" : " (known keys here: " + known + ")"));
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
        String failureMsg) {
      problems.add(path(ctxt.getParser().getParsingContext(), true),
          "'" + valueToConvert + "' is not " + expected(targetType) + (failureMsg == null ? "" : " (" + failureMsg + ")"));
      return nothing(targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
        String failureMsg) {
      problems.add(path(ctxt.getParser().getParsingContext(), true),
          valueToConvert + " is not " + expected(targetType));
      return nothing(targetType);
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
        String failureMsg) throws IOException {
      problems.add(path(p.getParsingContext(), true), "expected " + expected(targetType.getRawClass())
          + " but found " + describe(t));
      p.skipChildren();
      return nothing(targetType.getRawClass());
    }

    private static Object nothing(Class<?> type) {
      if (type == int.class || type == Integer.class) {
        return 0;
      } else if (type == long.class || type == Long.class) {
        return 0L;
      } else if (type == double.class || type == Double.class) {
        return 0.0;
      } else if (type == boolean.class || type == Boolean.class) {
        return false;
      }
      return null;
    }
  }

  static String expected(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    } else if (type == double.class || type == Double.class) {
      return "a number";
    } else if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    } else if (type == String.class) {
      return "a text value";
    } else if (type == Duration.class) {
      return "a duration such as 500ms, 30s, 5m, 1h or 2d";
    } else if (type == DataSize.class) {
      return "a size such as 65536, 512KiB or 8MiB";
    } else if (type == Cidr.class) {
      return "an address or CIDR block such as 192.0.2.0/24 or 2001:db8::/32";
    } else if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase())
          .collect(Collectors.joining(", "));
    } else if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a section (a mapping of keys)";
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "a mapping";
      case VALUE_STRING -> "a text value";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true/false";
      case VALUE_NULL -> "an empty value";
      default -> t.toString();
    };
  }

  private static String describe(IOException e) {
    if (e instanceof JsonProcessingException j) {
      return j.getOriginalMessage();
    }
    return e.getMessage();
  }

  private static String pathOf(IOException e) {
    if (e instanceof MismatchedInputException m) {
      List<String> parts = new ArrayList<>();
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          parts.add(ref.getFieldName());
        } else if (ref.getIndex() >= 0 && !parts.isEmpty()) {
          parts.set(parts.size() - 1, ConfigProblems.index(parts.get(parts.size() - 1), ref.getIndex()));
        }
      }
      return String.join(".", parts);
    }
    return "";
  }

  /** The YAML path of the parser's position: the current key (or element) when {@code includeCurrent}. */
  static String path(JsonStreamContext context, boolean includeCurrent) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < chain.size(); i++) {
      JsonStreamContext c = chain.get(i);
      boolean last = i == chain.size() - 1;
      if (c.inObject()) {
        if (last && !includeCurrent) {
          break;
        }
        if (c.getCurrentName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(c.getCurrentName());
        }
      } else if (c.inArray()) {
        if (last && !includeCurrent) {
          break;
        }
        path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
      }
    }
    return path.toString();
  }
}
