package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustRecordsTest {
  private static final String REFERENCE = "ghcr.io/acme/libfoo:1.0";
  private static final Digest INDEX = Digest.sha256("index".getBytes(StandardCharsets.UTF_8));
  private static final Digest MANIFEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));

  @TempDir Path cache;
  @TempDir Path etc;
  private TrustRecords records;
  private Path policy;
  private Path key;

  @BeforeEach
  void record() throws IOException {
    records = new TrustRecords(new ContentStore(cache));
    policy = Files.writeString(etc.resolve("policy.json"), "{\"default\":[]}");
    key = Files.writeString(etc.resolve("key.pub"), "a key");
    records.write(
        REFERENCE,
        INDEX,
        MANIFEST,
        policy,
        Files.readAllBytes(policy),
        List.of(key),
        "transports.docker[\"ghcr.io/acme\"]",
        List.of("simple signing by ECDSA_P256 key 1a2b on " + INDEX));
  }

  @Test
  void theRecordAcceptsTheSamePackageUnderTheSameFiles() {
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isTrue();
    assertThat(cache.resolve("verified").resolve(INDEX.hex() + ".trust")).isRegularFile();
  }

  @Test
  void anotherReferenceManifestOrPolicyPathIsNotAccepted() throws IOException {
    assertThat(records.accepts("ghcr.io/other/libfoo:1.0", INDEX, MANIFEST, policy)).isFalse();
    assertThat(records.accepts(REFERENCE, INDEX, INDEX, policy)).isFalse();
    Path copy = Files.copy(policy, etc.resolve("copy.json"));
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, copy)).isFalse();
    assertThat(records.accepts(REFERENCE, MANIFEST, MANIFEST, policy)).isFalse();
  }

  @Test
  void aChangedPolicyOrKeyFileOrAMissingOneMakesTheRecordStale() throws IOException {
    Files.writeString(policy, "{\"default\":[] }");
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isFalse();
    Files.writeString(policy, "{\"default\":[]}");
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isTrue();

    Files.writeString(key, "another key");
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isFalse();
    Files.delete(key);
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isFalse();
  }

  @Test
  void aDamagedRecordReadsAsNone() throws IOException {
    Path file = cache.resolve("verified").resolve(INDEX.hex() + ".trust");
    Files.writeString(file, Files.readString(file).replaceFirst("keys=1", "keys=many"));
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isFalse();
    Files.writeString(file, "\\u12");
    assertThat(records.accepts(REFERENCE, INDEX, MANIFEST, policy)).isFalse();
  }
}
