package dev.ocipkg.tools.lock;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.PlatformManifests;
import dev.ocipkg.internal.Sources;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.lock.LockFile;
import dev.ocipkg.internal.lock.LockedImage;
import dev.ocipkg.internal.lock.LockedManifest;
import dev.ocipkg.internal.scan.DeclaredReferences.Declared;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Brings a lock file up to date with the references an application names: each tag resolved at its
 * registry (mirrors first, as the loader does) to the digest it names now and to the platform
 * manifests of that digest.
 */
public final class Locker {
  private final Sources sources;

  public Locker(LoaderConfig config) {
    this.sources = new Sources(config);
  }

  /**
   * What a run did.
   *
   * @param lock the lock file as it should now be (the one given, in {@link LockMode#ERROR})
   * @param added references resolved for the first time
   * @param changed references whose pins a refresh changed
   * @param dropped entries no longer named, left out
   * @param skipped references pinned by digest already, which a lock changes nothing for
   * @param problems in {@link LockMode#ERROR}, each stale entry; empty otherwise
   */
  public record Outcome(
      LockFile lock,
      List<String> added,
      List<String> changed,
      List<String> dropped,
      List<String> skipped,
      List<String> problems) {}

  /**
   * Locks {@code requested} against {@code existing}.
   *
   * @throws LockRequestException naming every reference that is malformed or not a registry tag
   * @throws IOException if a registry cannot be asked, naming the reference
   */
  public Outcome lock(LockFile existing, List<Declared> requested, LockMode mode)
      throws IOException {
    List<String> skipped = new ArrayList<>();
    Map<String, Named> named = named(requested, skipped);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LockedImage image : existing.images()) {
      if (!named.containsKey(image.key())) {
        dropped.add(image.written());
        problems.add(
            "unused: " + image.written() + " is locked but no longer named (update drops it)");
      }
    }
    List<LockedImage> images = new ArrayList<>();
    for (Named n : named.values()) {
      LockedImage before = existing.find(n.reference.toString());
      if (mode == LockMode.ERROR) {
        if (before == null) {
          problems.add(
              "missing: "
                  + n.written
                  + " ("
                  + n.origin
                  + ") is not in the lock file (update adds it)");
        } else {
          String mismatch = mismatch(before);
          if (mismatch != null) {
            problems.add(mismatch);
          }
        }
      } else if (before != null && mode == LockMode.UPDATE) {
        images.add(before);
      } else {
        LockedImage now = resolve(n.written, n.reference, n.origin, null);
        images.add(now);
        if (before == null) {
          added.add(n.written);
        } else if (!samePins(before, now)) {
          changed.add(n.written);
        }
      }
    }
    LockFile lock = mode == LockMode.ERROR ? existing : new LockFile(existing.location(), images);
    return new Outcome(
        lock, added, changed, dropped, skipped, mode == LockMode.ERROR ? problems : List.of());
  }

  /**
   * Why {@code locked}'s platform manifests are not those its digest leads to, or null where they
   * are. Read by digest: what the tag names now does not matter.
   */
  private @Nullable String mismatch(LockedImage locked) throws IOException {
    LockedImage actual =
        resolve(
            locked.written(), locked.reference(), "its entry in the lock file", locked.digest());
    if (actual.manifests().equals(locked.manifests())) {
      return null;
    }
    return "mismatched: "
        + locked.written()
        + " pins "
        + locked.digest()
        + ", whose platform manifests are "
        + describe(actual.manifests())
        + ", but the lock file lists "
        + describe(locked.manifests())
        + " (refresh rewrites it)";
  }

  private LockedImage resolve(
      String written, ImageReference reference, String origin, @Nullable Digest digest)
      throws IOException {
    try (ContentSource source = sources.open(reference)) {
      FetchedManifest top = source.fetchManifest(digest == null ? reference.tag() : null, digest);
      List<LockedManifest> manifests = new ArrayList<>();
      for (PlatformManifests.Entry entry :
          new PlatformManifests(source, source.name() + " " + reference).all(top)) {
        manifests.add(
            new LockedManifest(
                entry.platform() != null ? entry.platform() : LockedManifest.UNNAMED,
                entry.descriptor() != null ? entry.descriptor().digest() : top.digest()));
      }
      return new LockedImage(written, reference, top.digest(), manifests);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          (digest == null ? "cannot lock " : "cannot check ")
              + written
              + " ("
              + origin
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** The references to lock by canonical form, first spelling kept; the digest-pinned skipped. */
  private static Map<String, Named> named(List<Declared> requested, List<String> skipped) {
    Map<String, Named> named = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    for (Declared d : requested) {
      String written = d.reference().strip();
      ImageReference reference;
      try {
        reference = ImageReference.parse(written);
      } catch (IllegalArgumentException e) {
        refused.add(ForeignText.escape(d.origin()) + ": " + ForeignText.escape(e.getMessage()));
        continue;
      }
      if (reference.kind() != ImageReference.Kind.REGISTRY) {
        refused.add(
            ForeignText.escape(d.origin())
                + ": "
                + ForeignText.escape(written)
                + " is a local layout or archive; a lock file pins registry tags");
      } else if (reference.digest() != null) {
        skipped.add(written);
      } else if (reference.tag() == null) {
        refused.add(
            ForeignText.escape(d.origin()) + ": " + ForeignText.escape(written) + " names no tag");
      } else {
        named.putIfAbsent(reference.toString(), new Named(written, reference, d.origin()));
      }
    }
    if (!refused.isEmpty()) {
      throw new LockRequestException("cannot lock " + String.join("; ", refused));
    }
    return named;
  }

  private static boolean samePins(LockedImage a, LockedImage b) {
    return a.digest().equals(b.digest()) && a.manifests().equals(b.manifests());
  }

  private static String describe(List<LockedManifest> manifests) {
    List<String> parts = new ArrayList<>();
    for (LockedManifest m : manifests) {
      parts.add(m.platform() + " " + m.digest());
    }
    return "[" + String.join(", ", parts) + "]";
  }

  /** A reference to lock, as first written, and where. */
  private record Named(String written, ImageReference reference, String origin) {}
}
