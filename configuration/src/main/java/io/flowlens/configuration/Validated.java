package io.flowlens.configuration;

/**
 * A configuration section that checks its own values after loading.
 *
 * <p>The convention for every section: a final class with a private no-argument constructor (or
 * package-private), private non-final fields whose initialisers are the defaults, accessor methods
 * named like the field ({@code port()}), no setters. Field {@code bootstrapServers} is key
 * {@code bootstrap_servers}. A field holding a nested section is annotated
 * {@code @JsonMerge}, so that a file naming only some of its keys keeps the other defaults; lists and
 * maps are replaced as a whole. The loader sets only the keys the file names, then calls
 * {@link #validate} on the root, which calls its children with their paths.
 */
public interface Validated {
  /** Adds a problem, named by its full YAML path, for every value that cannot be used. */
  void validate(String path, ConfigProblems problems);
}
