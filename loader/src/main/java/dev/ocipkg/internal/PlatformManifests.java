package dev.ocipkg.internal;

import dev.ocipkg.Platform;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.NoMatchingPlatformException;
import dev.ocipkg.internal.oci.OciFormatException;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.oci.PlatformMatcher;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.DigestMismatchException;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The platform manifests that a reference leads to, and the one to load for a platform.
 *
 * <p>The reference names a manifest or an index. An index may hold indexes (the image spec says to
 * follow them): they are fetched, each verified by its digest, at most {@value #MAX_DEPTH} levels
 * below the top and {@value #MAX_NESTED_INDEXES} in all, with at most {@value #MAX_ENTRIES} entries
 * together; an entry of a nested index that names no platform takes the one its parent's entry
 * names. Among the entries that name a platform, {@link PlatformMatcher} chooses.
 *
 * <p>Where none of those fits, the entries that name no platform (as the Rust ocipkg writes them)
 * are looked at in index order, at most {@value #MAX_UNNAMED}: a manifest whose image config
 * ({@value MediaTypes#OCI_CONFIG} or Docker's) names a fitting platform is taken with it, one whose
 * config names another is not, and one whose config names nothing (an ocipkg config, the empty
 * config) is taken on trust, its platform unknown. A manifest named directly is judged the same
 * way. The config is small: it is fetched before any layer, verified, and capped like a manifest.
 */
public final class PlatformManifests {
  static final int MAX_DEPTH = 4;
  static final int MAX_NESTED_INDEXES = 32;
  static final int MAX_ENTRIES = 100_000;
  static final int MAX_UNNAMED = 16;

  /** Docker's annotation on attestation entries, which are never a platform's package. */
  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private final ContentSource source;
  private final String where;

  /**
   * @param where what the documents are, for messages: {@code ghcr.io ghcr.io/acme/libfoo:1.0}
   */
  public PlatformManifests(ContentSource source, String where) {
    this.source = source;
    this.where = where;
  }

  /**
   * The manifest chosen for a platform.
   *
   * @param manifest its bytes, verified
   * @param parsed the manifest itself
   * @param platform the platform the artifact names for it, or null where it names none
   * @param documents the verified indexes and image configs read on the way (the top index
   *     included), for the store to keep
   */
  public record Choice(
      FetchedManifest manifest,
      ImageManifest parsed,
      @Nullable Platform platform,
      List<FetchedManifest> documents) {}

  /**
   * One platform manifest of an artifact.
   *
   * @param descriptor its descriptor in the index (null for a manifest named directly)
   * @param platform what the index entry or the image config names, or null
   */
  public record Entry(@Nullable Descriptor descriptor, @Nullable Platform platform) {}

  /**
   * The manifest to load for {@code matcher}'s platform from {@code top}, what the reference
   * resolved to.
   *
   * @throws NoMatchingPlatformException if the artifact has none, naming what it offers
   * @throws OciFormatException if a document is malformed or the nesting breaks the bounds
   */
  public Choice choose(FetchedManifest top, PlatformMatcher matcher) throws IOException {
    List<FetchedManifest> documents = new ArrayList<>();
    ManifestOrIndex parsed = OciJson.parse(top.bytes(), top.contentType(), where);
    if (parsed instanceof ImageManifest) {
      ImageManifest manifest = (ImageManifest) parsed;
      Platform named = configPlatform(manifest, documents);
      if (named != null && !fits(matcher, named, directDescriptor(top))) {
        throw new NoMatchingPlatformException(
            "the manifest (a single-platform image)",
            matcher.wanted(),
            "",
            List.of(named.toString()),
            List.of(named));
      }
      return new Choice(top, manifest, named, documents);
    }
    documents.add(top);
    List<Descriptor> leaves = new ArrayList<>();
    flatten((ImageIndex) parsed, null, 0, new int[2], leaves, documents);
    List<Descriptor> named = new ArrayList<>();
    List<Descriptor> unnamed = new ArrayList<>();
    for (Descriptor leaf : leaves) {
      if (leaf.platform() != null) {
        named.add(leaf);
      } else if (leaf.annotation(REFERENCE_TYPE) == null) {
        unnamed.add(leaf);
      }
    }
    NoMatchingPlatformException miss;
    try {
      Descriptor chosen = matcher.choose(indexOf(named));
      DeclaredSizes.checkManifest(chosen, where);
      FetchedManifest bytes = source.fetchManifest(null, chosen.digest());
      ImageManifest manifest =
          OciJson.parseManifest(bytes.bytes(), where + " for " + chosen.platform());
      return new Choice(bytes, manifest, chosen.platform(), documents);
    } catch (NoMatchingPlatformException e) {
      if (unnamed.isEmpty()) {
        throw e;
      }
      miss = e;
    }
    Set<Platform> offered = new LinkedHashSet<>(miss.offered());
    for (int i = 0; i < unnamed.size() && i < MAX_UNNAMED; i++) {
      Descriptor entry = unnamed.get(i);
      DeclaredSizes.checkManifest(entry, where);
      FetchedManifest bytes = source.fetchManifest(null, entry.digest());
      ImageManifest manifest =
          OciJson.parseManifest(bytes.bytes(), where + " manifest " + entry.digest());
      Platform fromConfig = configPlatform(manifest, documents);
      if (fromConfig == null || fits(matcher, fromConfig, entry)) {
        return new Choice(bytes, manifest, fromConfig, documents);
      }
      offered.add(fromConfig);
    }
    List<String> labels = new ArrayList<>();
    for (Platform p : offered) {
      labels.add(p.toString());
    }
    String unexamined =
        unnamed.size() > MAX_UNNAMED
            ? " (of its "
                + unnamed.size()
                + " entries without a platform, the first "
                + MAX_UNNAMED
                + " were examined)"
            : "";
    throw new NoMatchingPlatformException(
        "the index" + unexamined, matcher.wanted(), "", labels, List.copyOf(offered));
  }

  /**
   * Every platform manifest of {@code top}, in index order, nested indexes followed; the platform
   * of an entry that names none is read from its image config, where it has one. Attestation
   * entries are left out.
   */
  public List<Entry> all(FetchedManifest top) throws IOException {
    List<FetchedManifest> documents = new ArrayList<>();
    ManifestOrIndex parsed = OciJson.parse(top.bytes(), top.contentType(), where);
    if (parsed instanceof ImageManifest) {
      return List.of(new Entry(null, configPlatform((ImageManifest) parsed, documents)));
    }
    List<Descriptor> leaves = new ArrayList<>();
    flatten((ImageIndex) parsed, null, 0, new int[2], leaves, documents);
    List<Entry> entries = new ArrayList<>();
    int unnamed = 0;
    for (Descriptor leaf : leaves) {
      Platform platform = leaf.platform();
      if (platform != null) {
        if (!platform.os().equals("unknown")) {
          entries.add(new Entry(leaf, platform));
        }
      } else if (leaf.annotation(REFERENCE_TYPE) == null) {
        if (++unnamed > MAX_UNNAMED) {
          // Each needs its manifest and config fetched; dropping the rest would pull a part and
          // report success.
          throw new OciFormatException(
              where
                  + ": more than "
                  + MAX_UNNAMED
                  + " of its entries name no platform; ocipkg reads the configs of at most "
                  + MAX_UNNAMED
                  + " to tell their platforms. Pull them one by one, by digest");
        }
        DeclaredSizes.checkManifest(leaf, where);
        FetchedManifest bytes = source.fetchManifest(null, leaf.digest());
        ImageManifest manifest =
            OciJson.parseManifest(bytes.bytes(), where + " manifest " + leaf.digest());
        entries.add(new Entry(leaf, configPlatform(manifest, documents)));
      }
    }
    return entries;
  }

  /**
   * Adds the platform manifests of {@code index} to {@code leaves}, following nested indexes.
   * {@code counts} holds the entries seen and the nested indexes fetched so far.
   */
  private void flatten(
      ImageIndex index,
      @Nullable Platform inherited,
      int depth,
      int[] counts,
      List<Descriptor> leaves,
      List<FetchedManifest> documents)
      throws IOException {
    for (Descriptor entry : index.manifests()) {
      if (++counts[0] > MAX_ENTRIES) {
        throw new OciFormatException(
            where
                + ": its index and the indexes it holds have more than "
                + MAX_ENTRIES
                + " entries; an artifact of one library needs a few");
      }
      Platform platform = entry.platform() != null ? entry.platform() : inherited;
      if (!MediaTypes.isIndex(entry.mediaType())) {
        leaves.add(platform == entry.platform() ? entry : withPlatform(entry, platform));
        continue;
      }
      if (depth + 1 > MAX_DEPTH) {
        throw new OciFormatException(
            where
                + ": index "
                + entry.digest()
                + " is nested more than "
                + MAX_DEPTH
                + " levels deep; ocipkg follows indexes in indexes up to "
                + MAX_DEPTH
                + " levels");
      }
      if (++counts[1] > MAX_NESTED_INDEXES) {
        throw new OciFormatException(
            where
                + ": it holds more than "
                + MAX_NESTED_INDEXES
                + " nested indexes; ocipkg follows at most "
                + MAX_NESTED_INDEXES);
      }
      DeclaredSizes.checkManifest(entry, where);
      FetchedManifest nested = source.fetchManifest(null, entry.digest());
      documents.add(nested);
      ImageIndex inner = OciJson.parseIndex(nested.bytes(), where + " index " + entry.digest());
      flatten(inner, platform, depth + 1, counts, leaves, documents);
    }
  }

  /**
   * The platform that {@code manifest}'s image config names, or null where its config is none (an
   * ocipkg config, the empty config) or names none. The config is read verified, and kept in {@code
   * documents}.
   */
  private @Nullable Platform configPlatform(ImageManifest manifest, List<FetchedManifest> documents)
      throws IOException {
    Descriptor config = manifest.config();
    String type = MediaTypes.essence(config.mediaType());
    if (!MediaTypes.OCI_CONFIG.equals(type) && !MediaTypes.DOCKER_CONFIG.equals(type)) {
      return null;
    }
    String what = "image config " + config.digest() + " of " + where;
    DeclaredSizes.checkConfig(config, where);
    byte[] bytes;
    try (InputStream in = source.openBlob(config.digest(), config.size())) {
      bytes = in.readNBytes((int) config.size() + 1);
    }
    if (bytes.length != config.size()) {
      throw new DigestMismatchException(
          what
              + " has "
              + (bytes.length > config.size() ? "more" : "fewer")
              + " bytes than the "
              + config.size()
              + " its descriptor says");
    }
    if (!config.digest().matches(config.digest().newMessageDigest().digest(bytes))) {
      throw new DigestMismatchException(what + " does not match its digest");
    }
    documents.add(new FetchedManifest(bytes, config.digest(), type));
    return OciJson.parseConfigPlatform(bytes, what);
  }

  /**
   * Whether {@code matcher} would take an entry of {@code platform}: the same rules as an index's.
   */
  private static boolean fits(PlatformMatcher matcher, Platform platform, Descriptor entry) {
    try {
      matcher.choose(indexOf(List.of(withPlatform(entry, platform))));
      return true;
    } catch (NoMatchingPlatformException e) {
      return false;
    }
  }

  private static Descriptor directDescriptor(FetchedManifest manifest) {
    return Descriptor.of(MediaTypes.OCI_MANIFEST, manifest.digest(), manifest.bytes().length);
  }

  private static Descriptor withPlatform(Descriptor entry, @Nullable Platform platform) {
    return new Descriptor(
        entry.mediaType(),
        entry.digest(),
        entry.size(),
        platform,
        entry.annotations(),
        entry.artifactType(),
        entry.urls());
  }

  private static ImageIndex indexOf(List<Descriptor> entries) {
    return new ImageIndex(MediaTypes.OCI_INDEX, entries, Map.of(), null);
  }
}
