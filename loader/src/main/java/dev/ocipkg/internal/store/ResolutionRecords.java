package dev.ocipkg.internal.store;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Records of what each reference resolved to, per platform: {@code refs/<key>.ref}, small
 * properties files read on every warm load.
 *
 * <p>The file name is a 64-bit FNV-1a hash of the reference and platform (cheap: no JCA provider on
 * the warm path); the full key is stored inside and compared, so a hash collision reads as a miss,
 * never as another reference's package. A record is replaced by an atomic rename, never edited in
 * place.
 */
public final class ResolutionRecords {
  private final ContentStore store;

  public ResolutionRecords(ContentStore store) {
    this.store = store;
  }

  /**
   * The platform half of a record's key: {@code platform=P} for a loader configured for {@code
   * configured}, {@code host=os/arch} for one that sets none (on this host).
   */
  public static String platformKey(@Nullable Platform configured) {
    return configured != null ? "platform=" + configured : hostKey(Platform.current());
  }

  /**
   * The key a loader that sets no platform uses on a host of {@code platform}: os/arch only, never
   * a variant or libc.
   */
  public static String hostKey(Platform platform) {
    return "host=" + Platform.of(platform.os(), platform.architecture(), null);
  }

  /** The record of {@code reference} for {@code platformKey}, if one was written. */
  public Optional<ResolutionRecord> read(String reference, String platformKey) {
    String key = key(reference, platformKey);
    Properties p = ContentStore.readRecord(file(key));
    if (p == null || !key.equals(p.getProperty("key"))) {
      return Optional.empty();
    }
    return parse(p);
  }

  /**
   * A record with the reference and platform key it was written for, as {@link #list} finds it.
   *
   * @param file the record's file, for a caller that removes it
   */
  public record Listed(String reference, String platformKey, ResolutionRecord record, Path file) {}

  /** Every readable record in the store (for the command line's cache listing and collection). */
  public List<Listed> list() throws IOException {
    List<Listed> all = new ArrayList<>();
    if (!Files.isDirectory(store.refsDirectory())) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(store.refsDirectory(), "*.ref")) {
      for (Path file : files) {
        Properties p = ContentStore.readRecord(file);
        String key = p == null ? null : p.getProperty("key");
        int space = key == null ? -1 : key.lastIndexOf(' ');
        Optional<ResolutionRecord> record = p == null ? Optional.empty() : parse(p);
        if (space > 0 && record.isPresent()) {
          all.add(
              new Listed(key.substring(0, space), key.substring(space + 1), record.get(), file));
        }
      }
    }
    return all;
  }

  private static Optional<ResolutionRecord> parse(Properties p) {
    try {
      return Optional.of(
          new ResolutionRecord(
              Digest.parse(p.getProperty("resolved", "")),
              Digest.parse(p.getProperty("manifest", "")),
              Platform.parse(p.getProperty("platform", "")),
              Instant.ofEpochMilli(Long.parseLong(p.getProperty("checked", "0"))),
              p.getProperty("stamp", "")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Writes (or replaces) the record of {@code reference} for {@code platformKey}. */
  public void write(String reference, String platformKey, ResolutionRecord record)
      throws IOException {
    String key = key(reference, platformKey);
    Properties p = new Properties();
    p.setProperty("key", key);
    p.setProperty("resolved", record.resolved().toString());
    p.setProperty("manifest", record.manifest().toString());
    p.setProperty("platform", record.platform().toString());
    p.setProperty("checked", Long.toString(record.checkedAt().toEpochMilli()));
    p.setProperty("stamp", record.sourceStamp());
    store.writeRecord(file(key), p, "ref");
  }

  private Path file(String key) {
    return store.refsDirectory().resolve(fnv1a64(key) + ".ref");
  }

  private static String key(String reference, String platformKey) {
    return reference + " " + platformKey;
  }

  static String fnv1a64(String s) {
    long hash = 0xcbf29ce484222325L;
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      hash ^= (b & 0xff);
      hash *= 0x100000001b3L;
    }
    String hex = Long.toHexString(hash);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
