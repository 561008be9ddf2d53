package io.flowlens.aggregator.enrich;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What tells one version of a database file from the next: the file key (device and inode where the
 * platform has them — a rename by geoipupdate changes it), modification time and size (an in-place
 * copy changes those).
 */
record FileIdentity(Object fileKey, FileTime modified, long size) {
  /** The identity of the file now, or null when it does not exist or cannot be read. */
  static FileIdentity of(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return null;
      }
      return new FileIdentity(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
