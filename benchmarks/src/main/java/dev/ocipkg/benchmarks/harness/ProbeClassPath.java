package dev.ocipkg.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The class path of the probe JVMs, with its jars copied into the work folder first: the loader jar
 * in the local Maven repository is reinstalled by whoever builds the project, and a run must not
 * change loaders half-way.
 *
 * @param classPath the copied class path
 * @param loader where the loader jar came from, when it was installed, and its SHA-256
 */
record ProbeClassPath(String classPath, String loader) {

  static ProbeClassPath snapshot(String classPath, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<String> copied = new ArrayList<>();
    String loader = "(no ocipkg-loader jar on the probe class path)";
    for (String entry : classPath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.isRegularFile(path)) {
        copied.add(entry); // a classes folder: this module's own, which a run does not rebuild
        continue;
      }
      Path copy = directory.resolve(path.getFileName());
      Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
      copied.add(copy.toString());
      if (path.getFileName().toString().startsWith("ocipkg-loader")) {
        loader =
            "`"
                + path.getFileName() // the name only: results are committed, paths are private
                + "` from the local Maven repository, installed "
                + Files.getLastModifiedTime(path).toInstant()
                + ", sha256 "
                + sha256(copy).substring(0, 12)
                + " (copied at the start of the run)";
      }
    }
    return new ProbeClassPath(String.join(File.pathSeparator, copied), loader);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
