package io.flowlens.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas a consumer can resolve: the current {@link FlowRecord} schema plus every earlier
 * released version kept under {@code io/flowlens/schema/history/} (listed in its {@code index.txt}).
 */
public final class FlowRecordSchemas {
  private static final String HISTORY = "/io/flowlens/schema/history/";

  private FlowRecordSchemas() {}

  /** Earlier released versions of the FlowRecord schema, oldest first. */
  public static List<Schema> history() {
    List<Schema> schemas = new ArrayList<>();
    try (InputStream index = FlowRecordSchemas.class.getResourceAsStream(HISTORY + "index.txt")) {
      if (index == null) {
        return schemas;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream schema = FlowRecordSchemas.class.getResourceAsStream(HISTORY + name)) {
          if (schema == null) {
            throw new IllegalStateException("schema history lists " + name + " but it is not on the classpath");
          }
          schemas.add(new Schema.Parser().parse(schema));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the FlowRecord schema history", e);
    }
    return schemas;
  }

  /** The writer schemas to resolve, in order: the current schema, the history (oldest first), then {@code extra}. */
  public static List<Schema> writers(List<Schema> extra) {
    List<Schema> writers = new ArrayList<>();
    writers.add(FlowRecord.getClassSchema());
    writers.addAll(history());
    writers.addAll(extra);
    return writers;
  }

  /** A schema store holding the {@link #writers(List) writers}: the current schema, the history and {@code extra}. */
  public static SchemaStore.Cache store(List<Schema> extra) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    writers(extra).forEach(store::addSchema);
    return store;
  }
}
