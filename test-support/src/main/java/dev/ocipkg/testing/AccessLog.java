package dev.ocipkg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The registry's access log, read from its captured output each time a test asks, so counts are
 * exact rather than eventually right.
 *
 * <p>Why a sync step: Distribution writes an access line when its handler returns, which for a
 * large blob can be just after the client has read the last byte. Before reading, the harness sends
 * its own marker request and waits for that marker's line; requests whose responses completed
 * before have had their lines written by then. Marker and readiness requests ({@code User-Agent:
 * ocipkg-test-support/…}) are left out of the entries.
 *
 * <p>The log survives {@link RegistryServer#stop()} and {@link RegistryServer#start()}; {@link
 * #clear()} sets a mark so that later queries see only what came after it.
 */
public final class AccessLog {
  static final String HARNESS_USER_AGENT_PREFIX = "ocipkg-test-support/";

  /** What Distribution's proxy sends to its upstream: Go's default, as the upstream's log shows. */
  static final String MIRROR_USER_AGENT_PREFIX = "Go-http-client/";

  private final Path outputFile;
  private final Runnable sync;
  private long mark;

  AccessLog(Path outputFile, Runnable sync) {
    this.outputFile = outputFile;
    this.sync = sync;
  }

  /** Every request since the start or the last {@link #clear()}, oldest first. */
  public synchronized List<AccessLogEntry> entries() {
    sync.run();
    return parse(readFrom(mark));
  }

  /** Entries that match {@code filter}. */
  public List<AccessLogEntry> entries(Predicate<AccessLogEntry> filter) {
    return entries().stream().filter(filter).toList();
  }

  /**
   * Counts requests with this method whose path ends with {@code pathSuffixOrRegex} or matches it
   * entirely as a regular expression, e.g. {@code count("GET", "/blobs/" + digest)} or {@code
   * count("HEAD", "/v2/acme/[^/]+/manifests/.+")}.
   */
  public long count(String method, String pathSuffixOrRegex) {
    Predicate<String> regex = path -> false;
    try {
      regex = Pattern.compile(pathSuffixOrRegex).asMatchPredicate();
    } catch (PatternSyntaxException e) {
      // Not a regular expression, so only the suffix reading applies.
    }
    Predicate<String> matchesRegex = regex;
    return entries().stream()
        .filter(e -> e.method().equals(method))
        .filter(e -> e.path().endsWith(pathSuffixOrRegex) || matchesRegex.test(e.path()))
        .count();
  }

  /** How many times the blob was downloaded: {@code GET /v2/<any repository>/blobs/<digest>}. */
  public long blobFetches(String digest) {
    return blobFetches(digest, e -> true);
  }

  /**
   * {@link #blobFetches} leaving out those of a pull-through mirror in front of this registry (a
   * {@link RegistryServer.Builder#mirrorOf(RegistryServer)} server). Distribution's proxy gets a
   * missing blob twice from its upstream, one copy served and one stored by a goroutine of its own,
   * and the storing request ends (and is logged) whenever it likes, even after a {@link #clear()}
   * made once the client had its bytes; what is left is the clients' own fetches.
   */
  public long blobFetchesNotByMirrors(String digest) {
    return blobFetches(digest, e -> !e.userAgent().startsWith(MIRROR_USER_AGENT_PREFIX));
  }

  private long blobFetches(String digest, Predicate<AccessLogEntry> from) {
    String suffix = "/blobs/" + digest;
    return entries().stream()
        .filter(e -> e.method().equals("GET") && e.path().startsWith("/v2/"))
        .filter(e -> e.path().endsWith(suffix))
        .filter(from)
        .count();
  }

  /** {@code GET /v2/<repository>/manifests/<tagOrDigest>} requests. */
  public long manifestFetches(String repository, String tagOrDigest) {
    String path = "/v2/" + repository + "/manifests/" + tagOrDigest;
    return entries().stream()
        .filter(e -> e.method().equals("GET") && e.path().equals(path))
        .count();
  }

  /** Forgets everything logged so far: later queries count only newer requests. */
  public synchronized void clear() {
    sync.run();
    try {
      mark = completeLength(Files.readAllBytes(outputFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read registry output " + outputFile, e);
    }
  }

  /** The requests since the mark, one per line, for failure messages. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (AccessLogEntry entry : entries()) {
      text.append(entry).append('\n');
    }
    return text.toString();
  }

  private String readFrom(long offset) {
    try {
      byte[] bytes = Files.readAllBytes(outputFile);
      int from = (int) Math.min(offset, bytes.length);
      // A line still being written has no newline yet; leave it for the next read.
      int to = Math.max(from, completeLength(bytes));
      return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read registry output " + outputFile, e);
    }
  }

  private static int completeLength(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private static List<AccessLogEntry> parse(String text) {
    List<AccessLogEntry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      AccessLogEntry entry = AccessLogEntry.parse(line);
      if (entry != null && !entry.userAgent().startsWith(HARNESS_USER_AGENT_PREFIX)) {
        entries.add(entry);
      }
    }
    return entries;
  }
}
