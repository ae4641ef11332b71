package dev.ocipkg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system's {@code openssl}, an implementation independent of the JDK's, to make and check
 * signatures in tests. Missing, the tests fail with an install hint rather than skip.
 */
public final class Openssl {
  private Openssl() {}

  /** Runs {@code openssl args…} in {@code dir}; returns its standard output. */
  public static String run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("openssl is needed by this test: apt-get install openssl", e);
    }
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /**
   * Makes an ECDSA P-256 key pair in {@code dir} as the README tells users to: {@code openssl
   * genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out KEY}, then {@code openssl pkey -in
   * KEY -pubout -out PUB}; both names relative to {@code dir} or absolute.
   */
  public static void p256KeyPair(Path dir, String key, String pub)
      throws IOException, InterruptedException {
    run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
    run(dir, "pkey", "-in", key, "-pubout", "-out", pub);
  }
}
