package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import dev.ocipkg.tools.ByteSizes;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.pack.PlatformContent;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Picocli converters: a malformed value fails while parsing, so that it is a usage error (exit 2)
 * naming the option and the value.
 */
final class ArgumentConverters {
  private ArgumentConverters() {}

  /** {@code os/arch[/variant]}. */
  static final class PlatformConverter implements CommandLine.ITypeConverter<Platform> {
    @Override
    public Platform convert(String value) {
      try {
        return Platform.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code os/arch[/variant][+libc]=PATH[,PATH...]}; every path must exist. */
  static final class PlatformContentConverter
      implements CommandLine.ITypeConverter<PlatformContent> {
    @Override
    public PlatformContent convert(String value) {
      PlatformContent content;
      try {
        content = PlatformContent.parse(value, Path.of(""));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
      for (Path path : content.paths()) {
        if (!Files.exists(path)) {
          throw new CommandLine.TypeConversionException(
              "no such file or folder " + path + " for " + content.label());
        }
      }
      return content;
    }
  }

  /**
   * A reference: a registry reference, {@code oci:DIR[:tag|@digest]}, {@code
   * oci-archive:FILE[:tag]}, or a plain path to an existing layout folder or archive file.
   */
  static final class ReferenceConverter implements CommandLine.ITypeConverter<ImageReference> {
    @Override
    public ImageReference convert(String value) {
      return reference(value);
    }
  }

  static ImageReference reference(String value) {
    try {
      if (!value.startsWith("oci:") && !value.startsWith("oci-archive:")) {
        Path path = Path.of(value);
        if (Files.isDirectory(path)) {
          return absolute(ImageReference.parse("oci:" + value));
        }
        if (Files.isRegularFile(path)) {
          return absolute(ImageReference.parse("oci-archive:" + value));
        }
        if (looksLikePath(value)) {
          throw new CommandLine.TypeConversionException(
              "no such file or folder: " + value + " (a layout folder or an oci-archive file)");
        }
      }
      return absolute(ImageReference.parse(value));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /**
   * Whether {@code value} can only be meant as a path: a registry reference never begins with
   * {@code /}, {@code .} or {@code ~}, ends with {@code .tar}, or holds a backslash.
   */
  static boolean looksLikePath(String value) {
    return value.startsWith("/")
        || value.startsWith(".")
        || value.startsWith("~")
        || value.endsWith(".tar")
        || value.indexOf('\\') >= 0;
  }

  /**
   * A local reference with its path made absolute: the cache records a reference by its text, and
   * {@code out.tar} means another file in another folder.
   */
  private static ImageReference absolute(ImageReference reference) {
    Path path = reference.path();
    if (path == null || path.isAbsolute()) {
      return reference;
    }
    String prefix = reference.kind() == ImageReference.Kind.OCI_LAYOUT ? "oci:" : "oci-archive:";
    return ImageReference.parse(
        prefix
            + path.toAbsolutePath().normalize()
            + (reference.tag() != null ? ":" + reference.tag() : "")
            + (reference.digest() != null ? "@" + reference.digest() : ""));
  }

  /** {@code index} or {@code manifest}. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ArtifactFormat> {
    @Override
    public ArtifactFormat convert(String value) {
      try {
        return ArtifactFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** A byte size: {@code 8MiB}, {@code 512k}, {@code 1048576}. */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return ByteSizes.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
