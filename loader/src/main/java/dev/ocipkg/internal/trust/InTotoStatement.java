package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An in-toto statement, the payload of the DSSE envelope in a cosign bundle ({@code
 * in-toto/attestation spec/v1/statement.md}): {@code _type}, {@code subject[{name?, digest{alg:
 * hex}}]}, {@code predicateType}, {@code predicate}. Only what verification needs is kept: the
 * subjects' digests in the algorithms that {@link Digest} knows (others are skipped, not refused: a
 * subject may list several).
 */
public record InTotoStatement(String type, List<Digest> subjects, String predicateType) {
  /** The statement type of in-toto v1, which cosign 2.6 and 3 write. */
  public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";

  /** The statement type of in-toto v0.1, still found in older attestations. */
  public static final String TYPE_V01 = "https://in-toto.io/Statement/v0.1";

  /** The DSSE payload type of an in-toto statement. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** The predicate type of {@code cosign sign} (cosign {@code pkg/types/predicate.go}). */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  public InTotoStatement {
    subjects = List.copyOf(subjects);
  }

  /**
   * Parses a statement.
   *
   * @throws TrustFormatException naming {@code where}, the JSON path and the value
   */
  public static InTotoStatement parse(byte[] json, String where) throws TrustFormatException {
    StrictJson reader = new StrictJson(where);
    JsonValue root = reader.root(json);
    String type = reader.requiredString(root, "_type", "_type");
    if (!type.equals(TYPE_V1) && !type.equals(TYPE_V01)) {
      throw reader.fail(
          "_type "
              + JsonValue.quote(type)
              + " is not an in-toto statement (expected "
              + TYPE_V1
              + ")");
    }
    JsonValue subject = reader.array(reader.required(root, "subject", "subject"), "subject");
    List<Digest> digests = new ArrayList<>();
    for (int i = 0; i < subject.size(); i++) {
      String path = "subject[" + i + "]";
      JsonValue entry = reader.object(subject.get(i), path);
      JsonValue digest =
          reader.object(reader.required(entry, "digest", path + ".digest"), path + ".digest");
      for (Map.Entry<String, JsonValue> alg : digest.properties()) {
        String algPath = path + ".digest." + alg.getKey();
        String hex = reader.string(alg.getValue(), algPath);
        if (alg.getKey().equals("sha256") || alg.getKey().equals("sha512")) {
          digests.add(reader.digest(alg.getKey() + ":" + hex, algPath));
        }
      }
    }
    return new InTotoStatement(
        type, digests, reader.requiredString(root, "predicateType", "predicateType"));
  }
}
