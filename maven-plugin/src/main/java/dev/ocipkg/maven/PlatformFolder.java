package dev.ocipkg.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <platform>} of {@code ocipkg:package}: the platform ({@code os/arch[/variant][+libc]},
 * e.g. {@code linux/amd64}, {@code linux/arm64+musl}) and the folder (or folders) whose content is
 * its package. Maven fills the fields from the POM.
 */
public class PlatformFolder {
  /** {@code os/arch[/variant][+libc]}. */
  String name;

  /** The folder whose content goes into the package (or a single file). */
  File directory;

  /** More folders or files for the same platform. */
  List<File> directories = new ArrayList<>();

  /** The folders and files of this platform, {@code directory} first. */
  List<File> paths() {
    List<File> all = new ArrayList<>();
    if (directory != null) {
      all.add(directory);
    }
    all.addAll(directories);
    return all;
  }
}
