package dev.ocipkg.agent;

import dev.ocipkg.internal.scan.ManifestImages;
import dev.ocipkg.internal.store.ContentStore;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Ocipkg-Images} references of the class path's jars, remembered in the cache from one
 * JVM start to the next. Reading every jar's manifest costs a fresh JVM 20–30 ms of CPU (code that
 * still runs interpreted), which the agent's background thread takes from the application's own
 * start where the machine has few cores. The memo, {@code agent/classpath-<hash>.memo} (one per
 * class path, named by it, and replaced when its jars change), is keyed on the jars' paths, sizes
 * and modification times: a start whose jars match costs a look at each jar's attributes and one
 * small file; a jar changed, added or removed makes a new scan and a new memo.
 *
 * <p>What a memo says only decides what is prefetched: a load names its own reference, so a memo
 * written by someone else can cost a download, never change what is loaded. Where the cache cannot
 * be written (read-only), every start scans, as without a memo.
 */
final class ClassPathImages {
  private static final String FOLDER = "agent";
  private static final String VERSION = "ocipkg agent class path memo 1";

  /** A memo larger than this was not written by this class: scanned again instead of read. */
  private static final long MAX_MEMO_BYTES = 1 << 20;

  private ClassPathImages() {}

  /** The references the jars of {@code classPath} declare, from the memo in {@code store}. */
  static List<String> declared(String classPath, @Nullable ContentStore store) {
    return declared(classPath, store, new ManifestScan());
  }

  /** The scan itself. A named class, not a method reference: no lambda at JVM start. */
  private static final class ManifestScan implements Function<String, List<String>> {
    @Override
    public List<String> apply(String classPath) {
      return ManifestImages.onClassPath(classPath);
    }
  }

  /** As {@link #declared(String, ContentStore)}, scanning with {@code scan} where need be. */
  static List<String> declared(
      String classPath, @Nullable ContentStore store, Function<String, List<String>> scan) {
    if (store == null) {
      return scan.apply(classPath);
    }
    String key = keyOf(classPath);
    // Named by the class path alone, not the key: a rebuilt jar replaces the memo, not adds one.
    Path memo = store.root().resolve(FOLDER).resolve("classpath-" + hash(classPath) + ".memo");
    List<String> remembered = read(memo, key);
    if (remembered != null) {
      return remembered;
    }
    List<String> references = scan.apply(classPath);
    try {
      write(store, memo, key + "\n" + String.join("\n", references));
    } catch (IOException | RuntimeException e) {
      // a read-only or unsafe cache: the next start scans again
    }
    return references;
  }

  /** Replaces {@code memo} with {@code text} by a rename: a reader sees all of it or none. */
  private static void write(ContentStore store, Path memo, String text) throws IOException {
    Path temp = store.newTempFile("agent-memo");
    try {
      Files.write(temp, text.getBytes(StandardCharsets.UTF_8));
      Files.createDirectories(memo.getParent());
      Files.move(temp, memo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * What identifies the class path's jars as {@link ManifestImages#onClassPath} reads them: each
   * one's path, size and modification time, in order.
   */
  static String keyOf(String classPath) {
    StringBuilder key = new StringBuilder(VERSION).append('\n');
    for (File jar : ManifestImages.jarsOn(classPath)) {
      key.append(jar.getAbsolutePath())
          .append('\t')
          .append(jar.length())
          .append('\t')
          .append(jar.lastModified())
          .append('\n');
    }
    return key.toString();
  }

  /**
   * The memo's references if it is there, a regular file of a sane size, and of this key: the key's
   * lines, a blank line, one reference per line. Read through {@code java.io}: a first NIO channel
   * would cost this fresh JVM more than the memo saves.
   */
  private static @Nullable List<String> read(Path memo, String key) {
    byte[] bytes;
    try {
      BasicFileAttributes a =
          Files.readAttributes(memo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || a.size() > MAX_MEMO_BYTES) {
        return null; // a link or FIFO is never opened; the next write's rename replaces it
      }
      try (InputStream in = new FileInputStream(memo.toFile())) {
        bytes = in.readNBytes((int) MAX_MEMO_BYTES);
      }
    } catch (IOException e) {
      return null; // none yet
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.startsWith(key + "\n")) {
      return null; // another class path of the same hash, or jars that changed
    }
    List<String> references = new ArrayList<>();
    for (String reference : text.substring(key.length() + 1).split("\n")) {
      if (!reference.isEmpty()) {
        references.add(reference);
      }
    }
    return references;
  }

  /**
   * A 64-bit FNV-1a of {@code text}, in hex: a file name, not a check (the key is compared). Not
   * {@code String.format}, whose first call loads the locale data.
   */
  private static String hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    String hex = Long.toHexString(h);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
