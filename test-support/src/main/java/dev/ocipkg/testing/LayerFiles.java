package dev.ocipkg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of one layer: regular files, directories, symbolic and hard links, in name order.
 *
 * <p>Names and link targets are written exactly as given — including absolute paths, {@code ..} and
 * links that leave the package — so tests can also build the hostile layers that extraction must
 * refuse.
 */
public final class LayerFiles {
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    CHARACTER_DEVICE,
    FIFO
  }

  /** One tar entry; {@code mode} holds permission bits only. */
  record Entry(String name, Type type, byte[] content, String linkTarget, int mode) {}

  private final SortedMap<String, Entry> entries;

  private LayerFiles(SortedMap<String, Entry> entries) {
    this.entries = entries;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Regular files, mode 0644, from names to contents. */
  public static LayerFiles of(Map<String, byte[]> files) {
    Builder builder = builder();
    files.forEach(builder::file);
    return builder.build();
  }

  /**
   * The tree under {@code root}: files (0755 when executable, else 0644), directories and symbolic
   * links (kept as links, never followed), named relative to {@code root} with {@code /}.
   */
  public static LayerFiles fromDirectory(Path root) throws IOException {
    Builder builder = builder();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(p -> !p.equals(root)).toList();
    }
    for (Path path : paths) {
      String name =
          root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
      if (Files.isSymbolicLink(path)) {
        builder.symlink(name, Files.readSymbolicLink(path).toString());
      } else if (Files.isDirectory(path)) {
        builder.directory(name);
      } else if (Files.isExecutable(path)) {
        builder.executable(name, Files.readAllBytes(path));
      } else {
        builder.file(name, Files.readAllBytes(path));
      }
    }
    return builder.build();
  }

  /** The names of files and links (not directories), sorted: the ocipkg config's file list. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.type() != Type.DIRECTORY) {
        names.add(entry.name());
      }
    }
    return names;
  }

  List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** Collects entries; a name given twice keeps the last. */
  public static final class Builder {
    private final SortedMap<String, Entry> entries = new TreeMap<>();

    private Builder() {}

    public Builder file(String name, byte[] content) {
      return add(new Entry(name, Type.FILE, content.clone(), "", 0644));
    }

    public Builder file(String name, String utf8Content) {
      return file(name, utf8Content.getBytes(StandardCharsets.UTF_8));
    }

    public Builder executable(String name, byte[] content) {
      return add(new Entry(name, Type.FILE, content.clone(), "", 0755));
    }

    /** A symbolic link {@code name -> target}; the target is stored verbatim. */
    public Builder symlink(String name, String target) {
      return add(new Entry(name, Type.SYMLINK, new byte[0], target, 0777));
    }

    /** A hard link to an earlier entry {@code target}. */
    public Builder hardlink(String name, String target) {
      return add(new Entry(name, Type.HARDLINK, new byte[0], target, 0644));
    }

    /** A character device node (e.g. what {@code /dev/null} is): hostile in a package. */
    public Builder characterDevice(String name) {
      return add(new Entry(name, Type.CHARACTER_DEVICE, new byte[0], "", 0666));
    }

    /** A named pipe: hostile in a package. */
    public Builder fifo(String name) {
      return add(new Entry(name, Type.FIFO, new byte[0], "", 0644));
    }

    public Builder directory(String name) {
      String withSlash = name.endsWith("/") ? name : name + "/";
      return add(new Entry(withSlash, Type.DIRECTORY, new byte[0], "", 0755));
    }

    public LayerFiles build() {
      return new LayerFiles(new TreeMap<>(entries));
    }

    private Builder add(Entry entry) {
      if (entry.name().isEmpty() || entry.name().equals("/")) {
        throw new IllegalArgumentException(
            "entry name must not be empty: \"" + entry.name() + "\"");
      }
      entries.put(entry.name(), entry);
      return this;
    }
  }
}
