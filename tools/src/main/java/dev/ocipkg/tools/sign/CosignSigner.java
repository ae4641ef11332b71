package dev.ocipkg.tools.sign;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.trust.CosignAnnotations;
import dev.ocipkg.internal.trust.InTotoStatement;
import dev.ocipkg.internal.trust.SignatureFinder;
import dev.ocipkg.internal.trust.SimpleSigningPayload;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Makes cosign's signatures of an image digest with an author's key, byte for byte as cosign 2.x/3
 * writes them (sources followed: cosign {@code pkg/oci/static}, {@code pkg/oci/mutate}, {@code
 * pkg/oci/remote/write.go}, {@code cmd/cosign/cli/sign/sign.go}; sigstore {@code
 * pkg/signature/payload}; sigstore-go {@code pkg/sign}; go-containerregistry's JSON field order):
 *
 * <ul>
 *   <li>the simple-signing image behind tag {@code sha256-<hex>.sig} ({@code cosign sign
 *       --new-bundle-format=false --tlog-upload=false}): a payload layer with the signature in an
 *       annotation, and an image config naming the layers;
 *   <li>the sigstore bundle v0.3 ({@code cosign sign --tlog-upload=false}, the default format of
 *       cosign 3): a DSSE envelope over an in-toto statement, in an OCI 1.1 referrer manifest with
 *       the empty config.
 * </ul>
 *
 * Two things cosign itself does not make reproducible are parameters here: the creation times, and
 * the whitespace of protojson's output, which Go randomises per build; this class writes the
 * compact form.
 */
public final class CosignSigner {
  /** The empty config of an OCI 1.1 artifact: {@code {}}. */
  static final byte[] EMPTY_CONFIG = {'{', '}'};

  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private final SigningKey key;

  public CosignSigner(SigningKey key) {
    this.key = key;
  }

  /** One layer of a {@code .sig} image: a payload and the base64 of its signature. */
  public record SimpleSignatureLayer(byte[] payload, Map<String, String> annotations) {
    public SimpleSignatureLayer {
      annotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public Descriptor descriptor() {
      return new Descriptor(
          MediaTypes.COSIGN_SIMPLE_SIGNING,
          Digest.sha256(payload),
          payload.length,
          null,
          annotations,
          null,
          List.of());
    }
  }

  /**
   * The simple-signing payload for {@code digest} as cosign writes it: {@code
   * {"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":…},
   * "optional":…}} with {@code optional} null, or the annotations ({@code cosign sign -a}) sorted.
   *
   * @param dockerReference the repository, as cosign writes it: {@code ghcr.io/acme/libfoo}
   */
  public static byte[] simpleSigningPayload(
      String dockerReference, Digest digest, Map<String, String> annotations) {
    GoJson json = new GoJson().beginObject().name("critical").beginObject();
    json.name("identity").beginObject().name("docker-reference").value(dockerReference).endObject();
    json.name("image")
        .beginObject()
        .name("docker-manifest-digest")
        .value(digest.toString())
        .endObject();
    json.name("type").value(SimpleSigningPayload.COSIGN_TYPE).endObject();
    json.name("optional");
    if (annotations.isEmpty()) {
      json.nullValue();
    } else {
      json.stringMap(annotations);
    }
    return json.endObject().bytes();
  }

  /**
   * Signs {@code payload} into a layer, its signature in {@code
   * dev.cosignproject.cosign/signature}.
   */
  public SimpleSignatureLayer signLayer(byte[] payload) {
    return new SimpleSignatureLayer(
        payload,
        Map.of(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(key.sign(payload))));
  }

  /**
   * The {@code .sig} image for {@code signed} with one new signature of {@code dockerReference}. To
   * add a signature to an existing {@code .sig} image, as cosign does, pass its layers to {@link
   * #simpleSigningImage} followed by {@link #signLayer}'s result.
   *
   * @param created the config's creation time; cosign uses the time of signing (or {@code
   *     SOURCE_DATE_EPOCH}); null writes Go's zero time
   */
  public SignatureManifest signSimple(
      String dockerReference,
      Digest signed,
      Map<String, String> annotations,
      @Nullable OffsetDateTime created) {
    SimpleSignatureLayer layer =
        signLayer(simpleSigningPayload(dockerReference, signed, annotations));
    return simpleSigningImage(signed, List.of(layer), created);
  }

  /**
   * The {@code .sig} image holding {@code layers}: config {@code {"architecture":"","created":…,
   * "history":[{"created":"0001-01-01T00:00:00Z"},…],"os":"","rootfs":{"type":"layers",
   * "diff_ids":[…]},"config":{}}} (go-containerregistry's {@code ConfigFile} after {@code
   * mutate.Append}), then the manifest.
   */
  public static SignatureManifest simpleSigningImage(
      Digest signed, List<SimpleSignatureLayer> layers, @Nullable OffsetDateTime created) {
    GoJson config = new GoJson().beginObject();
    config.name("architecture").value("");
    config.name("created").value(created == null ? ZERO_TIME : goTime(created));
    config.name("history").beginArray();
    for (int i = 0; i < layers.size(); i++) {
      config.beginObject().name("created").value(ZERO_TIME).endObject();
    }
    config.endArray();
    config.name("os").value("");
    config.name("rootfs").beginObject().name("type").value("layers").name("diff_ids").beginArray();
    for (SimpleSignatureLayer layer : layers) {
      config.value(Digest.sha256(layer.payload()).toString());
    }
    config.endArray().endObject();
    config.name("config").beginObject().endObject();
    byte[] configBytes = config.endObject().bytes();
    Descriptor configDescriptor =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);

    List<SignatureBlob> blobs = new ArrayList<>();
    blobs.add(new SignatureBlob(configDescriptor, configBytes));
    GoJson manifest = new GoJson().beginObject();
    manifest.name("schemaVersion").value(2);
    manifest.name("mediaType").value(MediaTypes.OCI_MANIFEST);
    manifest.name("config");
    descriptor(manifest, configDescriptor);
    manifest.name("layers").beginArray();
    for (SimpleSignatureLayer layer : layers) {
      descriptor(manifest, layer.descriptor());
      blobs.add(new SignatureBlob(layer.descriptor(), layer.payload()));
    }
    byte[] manifestBytes = manifest.endArray().endObject().bytes();
    return new SignatureManifest(
        SignatureFinder.signatureTag(signed), manifestBytes, Digest.sha256(manifestBytes), blobs);
  }

  /**
   * The in-toto statement that {@code cosign sign} signs in a bundle: {@code {"_type":
   * "https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":…},"annotations":{…}}],
   * "predicateType":"https://sigstore.dev/cosign/sign/v1","predicate":{}}} (protojson field order).
   */
  public static byte[] statement(Digest digest, Map<String, String> annotations) {
    GoJson json = new GoJson().beginObject();
    json.name("_type").value(InTotoStatement.TYPE_V1);
    json.name("subject").beginArray().beginObject();
    json.name("digest").beginObject().name(digest.algorithm()).value(digest.hex()).endObject();
    json.name("annotations").stringMap(annotations);
    json.endObject().endArray();
    json.name("predicateType").value(InTotoStatement.COSIGN_SIGN_PREDICATE);
    json.name("predicate").beginObject().endObject();
    return json.endObject().bytes();
  }

  /**
   * A keyed sigstore bundle v0.3 over {@link #statement}: verification material is the public key's
   * hint (base64 of the sha256 of its DER), no transparency-log entry, one DSSE signature without
   * keyid.
   */
  public byte[] bundle(Digest digest, Map<String, String> annotations) {
    byte[] payload = statement(digest, annotations);
    byte[] signature =
        key.sign(dev.ocipkg.internal.trust.DssePae.encode(InTotoStatement.PAYLOAD_TYPE, payload));
    Base64.Encoder b64 = Base64.getEncoder();
    GoJson json = new GoJson().beginObject();
    json.name("mediaType").value(MediaTypes.SIGSTORE_BUNDLE_V03);
    json.name("verificationMaterial")
        .beginObject()
        .name("publicKey")
        .beginObject()
        .name("hint")
        .value(key.publicKey().bundleHint())
        .endObject()
        .endObject();
    json.name("dsseEnvelope").beginObject();
    json.name("payload").value(b64.encodeToString(payload));
    json.name("payloadType").value(InTotoStatement.PAYLOAD_TYPE);
    json.name("signatures")
        .beginArray()
        .beginObject()
        .name("sig")
        .value(b64.encodeToString(signature))
        .endObject()
        .endArray();
    return json.endObject().endObject().bytes();
  }

  /** {@link #bundle} for {@code subject}, in its referrer manifest. */
  public SignatureManifest signBundle(
      Descriptor subject, Map<String, String> annotations, Instant created) {
    return bundleReferrer(bundle(subject.digest(), annotations), subject, created);
  }

  /**
   * The OCI 1.1 referrer manifest that holds {@code bundle}, as cosign's {@code WriteReferrer}
   * writes it: the empty config (also carrying the artifactType), the bundle as the one layer,
   * annotations {@code dev.sigstore.bundle.content}, {@code dev.sigstore.bundle.predicateType} and
   * {@code org.opencontainers.image.created} (RFC 3339, seconds, UTC), the subject, and the
   * artifactType last.
   */
  public static SignatureManifest bundleReferrer(
      byte[] bundle, Descriptor subject, Instant created) {
    Descriptor config =
        new Descriptor(
            MediaTypes.OCI_EMPTY,
            Digest.sha256(EMPTY_CONFIG),
            EMPTY_CONFIG.length,
            null,
            Map.of(),
            MediaTypes.SIGSTORE_BUNDLE_V03,
            List.of());
    Descriptor layer =
        Descriptor.of(MediaTypes.SIGSTORE_BUNDLE_V03, Digest.sha256(bundle), bundle.length);
    Map<String, String> annotations =
        Map.of(
            CosignAnnotations.CREATED,
            DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)),
            CosignAnnotations.BUNDLE_CONTENT,
            "dsse-envelope",
            CosignAnnotations.BUNDLE_PREDICATE_TYPE,
            InTotoStatement.COSIGN_SIGN_PREDICATE);
    GoJson json = new GoJson().beginObject();
    json.name("schemaVersion").value(2);
    json.name("mediaType").value(MediaTypes.OCI_MANIFEST);
    json.name("config");
    descriptor(json, config);
    json.name("layers").beginArray();
    descriptor(json, layer);
    json.endArray();
    json.name("annotations").stringMap(annotations);
    json.name("subject");
    descriptor(json, Descriptor.of(subject.mediaType(), subject.digest(), subject.size()));
    json.name("artifactType").value(MediaTypes.SIGSTORE_BUNDLE_V03);
    byte[] manifest = json.endObject().bytes();
    return new SignatureManifest(
        null,
        manifest,
        Digest.sha256(manifest),
        List.of(new SignatureBlob(config, EMPTY_CONFIG), new SignatureBlob(layer, bundle)));
  }

  /** go-containerregistry's {@code v1.Descriptor} field order: mediaType, size, digest, … */
  private static void descriptor(GoJson json, Descriptor d) {
    json.beginObject();
    json.name("mediaType").value(d.mediaType());
    json.name("size").value(d.size());
    json.name("digest").value(d.digest().toString());
    if (!d.annotations().isEmpty()) {
      json.name("annotations").stringMap(d.annotations());
    }
    if (d.artifactType() != null) {
      json.name("artifactType").value(d.artifactType());
    }
    json.endObject();
  }

  /** Go's {@code time.RFC3339Nano}: fraction without trailing zeros, {@code Z} for UTC. */
  static String goTime(OffsetDateTime time) {
    StringBuilder s =
        new StringBuilder(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(time));
    int nanos = time.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
      s.append('.').append(fraction);
    }
    ZoneOffset offset = time.getOffset();
    s.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
    return s.toString();
  }
}
