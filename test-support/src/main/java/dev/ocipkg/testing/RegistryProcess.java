package dev.ocipkg.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of {@code docker-registry serve}: launch, wait until it answers, stop. */
final class RegistryProcess {
  private static final int OUTPUT_TAIL = 8 * 1024;

  private final Process process;

  private RegistryProcess(Process process) {
    this.process = process;
  }

  /** The registry could not bind its port, most likely taken since we picked it; try another. */
  static final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message) {
      super(message);
    }
  }

  /**
   * Starts the registry and returns once it has bound {@code port} and answers {@code GET /v2/}
   * with 200 or 401.
   */
  static RegistryProcess launch(
      Path binary,
      Path config,
      Path outputFile,
      int port,
      Map<String, String> environment,
      RegistryProbe probe,
      Duration timeout)
      throws IOException {
    long outputStart = Files.exists(outputFile) ? Files.size(outputFile) : 0;
    ProcessBuilder builder =
        new ProcessBuilder(List.of(binary.toString(), "serve", config.toString()))
            .directory(config.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
    // REGISTRY_* variables override config.yml in Distribution; none may leak in from the caller.
    builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    ProcessReaper.register(process);
    RegistryProcess registry = new RegistryProcess(process);
    try {
      registry.awaitReady(outputFile, outputStart, port, probe, timeout, config);
      return registry;
    } catch (IOException | RuntimeException e) {
      registry.stop();
      throw e;
    }
  }

  private void awaitReady(
      Path outputFile,
      long outputStart,
      int port,
      RegistryProbe probe,
      Duration timeout,
      Path config)
      throws IOException {
    // Waiting for our own "listening on" line first means a 200 comes from this process, not from
    // whatever else grabbed the port in the meantime.
    String listening = "listening on 127.0.0.1:" + port;
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean bound = false;
    try {
      while (System.nanoTime() < deadline) {
        String output = outputSince(outputFile, outputStart);
        if (!process.isAlive()) {
          process.waitFor();
          if (output.contains("address already in use")) {
            throw new PortInUseException("port " + port + " is in use");
          }
          throw new IOException(
              "docker-registry exited with code "
                  + process.exitValue()
                  + " before it answered GET /v2/ (config "
                  + config
                  + ")\n--- registry output ---\n"
                  + tail(output));
        }
        bound = bound || output.contains(listening);
        if (bound) {
          int status = probe.baseStatus(port, "readiness");
          if (status == 200 || status == 401) {
            return;
          }
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for docker-registry to start");
    }
    throw new IOException(
        "docker-registry did not answer GET /v2/ on 127.0.0.1:"
            + port
            + " within "
            + timeout.toMillis()
            + " ms (config "
            + config
            + ")\n--- registry output ---\n"
            + tail(outputSince(outputFile, outputStart)));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM, then SIGKILL if it has not gone after a few seconds. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      if (!process.isAlive()) {
        ProcessReaper.unregister(process);
      }
    }
  }

  static String outputSince(Path outputFile, long offset) throws IOException {
    byte[] bytes = Files.exists(outputFile) ? Files.readAllBytes(outputFile) : new byte[0];
    int from = (int) Math.min(offset, bytes.length);
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }

  static String tail(String output) {
    return output.length() <= OUTPUT_TAIL
        ? output
        : "…" + output.substring(output.length() - OUTPUT_TAIL);
  }
}
