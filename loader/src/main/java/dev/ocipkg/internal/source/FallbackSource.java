package dev.ocipkg.internal.source;

import dev.ocipkg.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Mirrors first, then the upstream: each source is tried in order until one answers. Blobs are
 * asked first of the source that served the manifest. When every source fails, one exception lists
 * each attempt and carries each cause as suppressed.
 */
public final class FallbackSource implements ContentSource {
  private final List<ContentSource> sources;
  private @Nullable ContentSource preferred;

  public FallbackSource(List<ContentSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("at least one source is needed");
    }
    this.sources = List.copyOf(sources);
  }

  @Override
  public String name() {
    ContentSource p = preferred;
    return p != null ? p.name() : sources.get(sources.size() - 1).name();
  }

  @Override
  public FetchedManifest fetchManifest(@Nullable String tag, @Nullable Digest digest)
      throws IOException {
    List<IOException> failures = new ArrayList<>();
    for (ContentSource source : ordered()) {
      try {
        FetchedManifest m = source.fetchManifest(tag, digest);
        preferred = source;
        return m;
      } catch (DigestMismatchException e) {
        throw e; // altered content is a finding, not a reason to look elsewhere
      } catch (IOException e) {
        failures.add(e);
      }
    }
    throw AllSourcesFailedException.of("manifest", ordered(), failures);
  }

  @Override
  public InputStream openBlob(Digest digest, long size) throws IOException {
    List<IOException> failures = new ArrayList<>();
    for (ContentSource source : ordered()) {
      try {
        return source.openBlob(digest, size);
      } catch (IOException e) {
        failures.add(e);
      }
    }
    throw AllSourcesFailedException.of("blob " + digest, ordered(), failures);
  }

  private List<ContentSource> ordered() {
    ContentSource p = preferred;
    if (p == null) {
      return sources;
    }
    List<ContentSource> list = new ArrayList<>(sources.size());
    list.add(p);
    for (ContentSource s : sources) {
      if (s != p) {
        list.add(s);
      }
    }
    return list;
  }

  @Override
  public void close() throws IOException {
    for (ContentSource s : sources) {
      s.close();
    }
  }
}
