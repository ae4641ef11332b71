package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.io.TimeSource;
import dev.ocipkg.internal.store.ContentStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Remembers in the cache which scheme a host that may use plain http (loopback, or named insecure)
 * turned out to speak, so that the next JVM skips the probe: a connection of its own and a round
 * trip before the first request, and up to its timeout against a server that stays silent on a TLS
 * hello.
 *
 * <p>One small properties file, {@code hosts/schemes.properties} under the cache: {@code
 * host=scheme millis}, read and replaced like the store's other records ({@link
 * ContentStore#writeRecord}). An entry is trusted for {@link #TTL}; the caller forgets it as soon
 * as a request with the remembered scheme fails. Two JVMs writing at once may lose one entry, which
 * costs one more probe, nothing else. Any trouble with the file is the same as no entry.
 */
final class SchemeRecords {
  static final Duration TTL = Duration.ofDays(1);

  private final ContentStore store;
  private final Path file;
  private final TimeSource time;

  SchemeRecords(Path cacheDir, TimeSource time) {
    this(cacheDir, false, time);
  }

  /**
   * @param perUser whether {@code cacheDir} is the per-user default, created private to this user
   *     if this is the first write into it
   */
  SchemeRecords(Path cacheDir, boolean perUser, TimeSource time) {
    this.store = new ContentStore(cacheDir, perUser);
    this.file = store.root().resolve("hosts").resolve("schemes.properties");
    this.time = time;
  }

  /** The scheme {@code host} was found to speak within the TTL, or null. */
  synchronized @Nullable String remembered(String host) {
    return fresh(read().getProperty(host));
  }

  /** The scheme of a fresh entry, or null for a stale or malformed one. */
  private @Nullable String fresh(@Nullable String entry) {
    if (entry == null) {
      return null;
    }
    int space = entry.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = entry.substring(0, space);
    long at;
    try {
      at = Long.parseLong(entry.substring(space + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    long age = time.now().toEpochMilli() - at;
    boolean fresh = age >= 0 && age < TTL.toMillis();
    return fresh && (scheme.equals("http") || scheme.equals("https")) ? scheme : null;
  }

  /** Records {@code scheme} for {@code host} now, and drops the entries that went stale. */
  synchronized void remember(String host, String scheme) {
    Properties records = read();
    for (String known : records.stringPropertyNames()) {
      if (fresh(records.getProperty(known)) == null) {
        records.remove(known);
      }
    }
    records.setProperty(host, scheme + " " + time.now().toEpochMilli());
    write(records);
  }

  synchronized void forget(String host) {
    Properties records = read();
    if (records.remove(host) != null) {
      write(records);
    }
  }

  private Properties read() {
    Properties records = ContentStore.readRecord(file);
    return records != null ? records : new Properties();
  }

  private void write(Properties records) {
    try {
      store.writeRecord(file, records, "schemes");
    } catch (IOException e) {
      // a read-only cache: the next JVM probes again
    }
  }
}
