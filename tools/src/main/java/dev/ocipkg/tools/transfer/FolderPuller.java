package dev.ocipkg.tools.transfer;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.PackageLookup;
import dev.ocipkg.internal.PlatformManifests;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.Annotations;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.tools.ToolSettings;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Pulls packages into the cache the way the loader does (resolve, choose, verify, extract: {@link
 * PackageLookup}), and, where a folder is given, copies them out of it, links kept as links.
 */
public final class FolderPuller {
  /** The label of a package whose artifact names no platform. */
  static final String NO_PLATFORM = "no-platform";

  private final ToolSettings settings;
  private final ImageSources sources;
  private final TransferListener listener;

  /** Reports each blob it downloads to {@code listener}. */
  public FolderPuller(ToolSettings settings, ImageSources sources, TransferListener listener) {
    this.settings = settings;
    this.sources = sources;
    this.listener = listener;
  }

  /**
   * One package that was pulled.
   *
   * @param label {@code os/arch[/variant][+libc]}; {@value #NO_PLATFORM} (with {@link #pullAll},
   *     then a digest prefix) where the artifact names no platform
   * @param pkg the package in the cache
   * @param folder where it was copied, or null
   */
  public record Pulled(String label, NativePackage pkg, @Nullable Path folder) {}

  /**
   * Pulls the package of {@code reference} for {@code platform} (null: the configured or host
   * platform) and copies it into {@code target} unless that is null.
   */
  public Pulled pull(ImageReference reference, @Nullable Platform platform, @Nullable Path target)
      throws IOException {
    NativePackage pkg =
        new PackageLookup(settings.loaderConfig(platform), listener).open(reference);
    if (target != null) {
      copyTree(pkg.directory(), target);
    }
    Platform named = pkg.platform();
    return new Pulled(named != null ? named.toString() : NO_PLATFORM, pkg, target);
  }

  /**
   * Pulls every platform of the index {@code reference} names, each by its manifest digest, and
   * copies each into {@code target/os-arch[-variant][-libc]} unless {@code target} is null.
   */
  public List<Pulled> pullAll(ImageReference reference, @Nullable Path target) throws IOException {
    List<PlatformManifests.Entry> entries = new IndexEntries(sources).of(reference, "pull");
    List<Pulled> pulled = new ArrayList<>();
    for (PlatformManifests.Entry entry : entries) {
      Descriptor descriptor = Objects.requireNonNull(entry.descriptor());
      Platform platform = entry.platform();
      String libc = descriptor.annotation(Annotations.LIBC);
      String label =
          platform == null
              ? NO_PLATFORM + "-" + descriptor.digest().hex().substring(0, 12)
              : libc == null ? platform.toString() : platform + "+" + libc;
      // By digest: exactly this entry, whatever the matcher would prefer (musl, CPU level). An
      // entry that names no platform is taken for any, so the host's will do.
      NativePackage pkg =
          new PackageLookup(settings.loaderConfig(platform), listener)
              .open(reference.withDigest(descriptor.digest()));
      Path folder = null;
      if (target != null) {
        folder = target.resolve(label.replace('/', '-').replace('+', '-'));
        copyTree(pkg.directory(), folder);
      }
      pulled.add(new Pulled(label, pkg, folder));
    }
    return pulled;
  }

  /** Copies a package folder into {@code target}, which must be missing or empty. */
  static void copyTree(Path source, Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(target)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty) {
        throw new FileAlreadyExistsException(
            target.toString(), null, "the folder is not empty; pull into a new or empty folder");
      }
    }
    Files.createDirectories(target);
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                target.resolve(source.relativize(file).toString()),
                LinkOption.NOFOLLOW_LINKS,
                StandardCopyOption.COPY_ATTRIBUTES);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
