package dev.ocipkg.internal.store;

import dev.ocipkg.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Records of packages a trust policy accepted: {@code verified/<hex>.trust}, one per digest that a
 * reference resolved to, holding the reference as written, the platform manifest, the policy file
 * and each key file it read with the sha256 of their bytes, and what the policy's decision was.
 *
 * <p>The warm path checks a record by hashing those few files again ({@link #accepts}): no JSON
 * parse, no signature, no network. A policy or key file changed since (or moved, or gone) makes the
 * record stale, and the package is verified again. Records are replaced by an atomic rename, like
 * the store's other records; one whose content does not parse reads as missing.
 */
public final class TrustRecords {
  /** A policy or key file larger than this is not hashed: it cannot be the one recorded. */
  private static final int MAX_FILE_BYTES = 1024 * 1024;

  private final ContentStore store;

  public TrustRecords(ContentStore store) {
    this.store = store;
  }

  /**
   * Whether a record says that {@code reference}, resolved to {@code resolved} with platform
   * manifest {@code manifest}, was accepted under {@code policyFile} with the bytes it and its key
   * files have now.
   */
  public boolean accepts(String reference, Digest resolved, Digest manifest, Path policyFile) {
    Properties p = ContentStore.readRecord(file(resolved));
    if (p == null
        || !reference.equals(p.getProperty("reference"))
        || !resolved.toString().equals(p.getProperty("digest"))
        || !manifest.toString().equals(p.getProperty("manifest"))
        || !absolute(policyFile).equals(p.getProperty("policy"))
        || !matches(policyFile, p.getProperty("policy.sha256"))) {
      return false;
    }
    int keys;
    try {
      keys = Integer.parseInt(p.getProperty("keys", ""));
    } catch (NumberFormatException e) {
      return false;
    }
    for (int i = 0; i < keys; i++) {
      String key = p.getProperty("key." + i);
      if (key == null || !matches(Path.of(key), p.getProperty("key." + i + ".sha256"))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Records an acceptance.
   *
   * @param policyBytes the policy file's bytes as they were parsed (not read again: the record must
   *     describe the policy that decided)
   * @param keyFiles the key files the policy read
   * @param scope the policy scope that applied, for people reading the record
   * @param acceptedBy what satisfied each requirement, for people reading the record
   */
  public void write(
      String reference,
      Digest resolved,
      Digest manifest,
      Path policyFile,
      byte[] policyBytes,
      List<Path> keyFiles,
      String scope,
      List<String> acceptedBy)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("reference", reference);
    p.setProperty("digest", resolved.toString());
    p.setProperty("manifest", manifest.toString());
    p.setProperty("policy", absolute(policyFile));
    p.setProperty("policy.sha256", sha256(policyBytes));
    p.setProperty("keys", Integer.toString(keyFiles.size()));
    for (int i = 0; i < keyFiles.size(); i++) {
      String hash = hashOf(keyFiles.get(i));
      if (hash == null) {
        throw new IOException(
            "cannot read the key file " + keyFiles.get(i) + " again to record it");
      }
      p.setProperty("key." + i, absolute(keyFiles.get(i)));
      p.setProperty("key." + i + ".sha256", hash);
    }
    p.setProperty("scope", scope);
    for (int i = 0; i < acceptedBy.size(); i++) {
      p.setProperty("accepted." + i, acceptedBy.get(i));
    }
    p.setProperty("verified", Instant.now().toString());
    store.writeRecord(file(resolved), p, "trust");
  }

  /**
   * Removes the records of every digest not in {@code live} (what {@code ocipkg gc} keeps: the
   * digests that resolution records still name); files that are no records are left alone.
   *
   * @return how many records were removed
   */
  public int removeAllExcept(Set<Digest> live) throws IOException {
    Path dir = store.verifiedDirectory();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Set<String> keep = new HashSet<>();
    for (Digest digest : live) {
      keep.add(digest.hex() + ".trust");
    }
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.trust")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.matches("[0-9a-f]{64}\\.trust") && !keep.contains(name)) {
          if (Files.deleteIfExists(file)) {
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private Path file(Digest resolved) {
    return store.verifiedDirectory().resolve(resolved.hex() + ".trust");
  }

  private static String absolute(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }

  private static boolean matches(Path file, @Nullable String recordedSha256) {
    return recordedSha256 != null && recordedSha256.equals(hashOf(file));
  }

  /** The sha256 of {@code file}'s bytes, or null if it cannot be read or is too large. */
  private static @Nullable String hashOf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      return bytes.length > MAX_FILE_BYTES ? null : sha256(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
