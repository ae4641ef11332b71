package dev.ocipkg.internal.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** The files of an OCI image layout, in a directory or in a tar archive (oci-archive). */
interface LayoutFiles extends Closeable {
  /** Opens the file at {@code relativePath} ({@code index.json}, {@code blobs/sha256/...}). */
  InputStream open(String relativePath) throws IOException;

  /** Whether the layout has the file. */
  boolean exists(String relativePath);

  static LayoutFiles directory(Path root) {
    return new LayoutFiles() {
      @Override
      public InputStream open(String relativePath) throws IOException {
        return Files.newInputStream(root.resolve(relativePath));
      }

      @Override
      public boolean exists(String relativePath) {
        return Files.isRegularFile(root.resolve(relativePath));
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Reads a tar archive in place: entries are located once, then read by positional reads on one
   * channel, so that several layers can be read at once.
   */
  static LayoutFiles archive(Path archive) throws IOException {
    if (!Files.isRegularFile(archive)) {
      throw new NoSuchFileException(archive.toString(), null, "no such oci-archive file");
    }
    Map<String, TarArchiveEntry> entries = new HashMap<>();
    try (TarFile tar = new TarFile(archive)) {
      for (TarArchiveEntry entry : tar.getEntries()) {
        if (entry.isFile()) {
          String name = entry.getName();
          entries.put(name.startsWith("./") ? name.substring(2) : name, entry);
        }
      }
    }
    FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ);
    return new LayoutFiles() {
      @Override
      public InputStream open(String relativePath) throws IOException {
        TarArchiveEntry entry = entries.get(relativePath);
        if (entry == null) {
          throw new NoSuchFileException(archive + "!" + relativePath);
        }
        if (entry.isSparse()) {
          throw new IOException(
              archive
                  + "!"
                  + relativePath
                  + " is a sparse tar entry, which an oci-archive does not use: write the"
                  + " archive again without --sparse");
        }
        return new ArchiveEntryStream(
            channel, entry.getDataOffset(), entry.getSize(), archive + "!" + relativePath);
      }

      @Override
      public boolean exists(String relativePath) {
        return entries.containsKey(relativePath);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
