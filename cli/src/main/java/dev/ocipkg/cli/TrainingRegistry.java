package dev.ocipkg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A read-only registry on loopback for {@link AotTraining}: it serves the image of one OCI layout
 * through the distribution API's pull endpoints ({@code GET}/{@code HEAD} of {@code /v2/}, of a
 * manifest by tag or digest, of a blob by digest), with the media type and {@code
 * Docker-Content-Digest} headers a registry sends, so that the training pull takes the same code
 * path as a pull from a real registry. Anything else is 404. Digests are checked against {@code
 * sha256:<64 hex>} before they name a file, so no request reads outside the layout.
 */
final class TrainingRegistry implements AutoCloseable {
  private static final Pattern ENDPOINT =
      Pattern.compile("/v2/[a-z0-9._/-]+/(manifests|blobs)/([A-Za-z0-9._:-]+)");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path layout;
  private final HttpServer server;

  private TrainingRegistry(Path layout, HttpServer server) {
    this.layout = layout;
    this.server = server;
  }

  /** Serves {@code layout} on a free loopback port until closed. */
  static TrainingRegistry serve(Path layout) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TrainingRegistry registry = new TrainingRegistry(layout, server);
    server.createContext("/v2/", registry::answer);
    server.start();
    return registry;
  }

  /** {@code 127.0.0.1:PORT}: the registry part of a reference. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(exchange, 405, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/v2/")) {
        send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      Matcher endpoint = ENDPOINT.matcher(path);
      String digest = endpoint.matches() ? digestOf(endpoint.group(2)) : null;
      Path blob = digest == null ? null : blobFile(digest);
      if (blob == null) {
        byte[] error =
            "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"not in the training layout\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        send(exchange, 404, "application/json", error, null);
        return;
      }
      byte[] content = Files.readAllBytes(blob);
      String type =
          endpoint.group(1).equals("manifests")
              ? JSON.readTree(content).path("mediaType").asText()
              : "application/octet-stream";
      send(exchange, 200, type, content, digest);
    }
  }

  /** The digest that {@code reference} names: itself, or the layout's descriptor of that tag. */
  private @Nullable String digestOf(String reference) throws IOException {
    if (DIGEST.matcher(reference).matches()) {
      return reference;
    }
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    for (JsonNode descriptor : index.path("manifests")) {
      String name =
          descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText();
      if (name.equals(reference)) {
        String digest = descriptor.path("digest").asText();
        return DIGEST.matcher(digest).matches() ? digest : null;
      }
    }
    return null;
  }

  private @Nullable Path blobFile(String digest) {
    Path blob = layout.resolve("blobs").resolve("sha256").resolve(digest.substring(7));
    return Files.isRegularFile(blob) ? blob : null;
  }

  private static void send(
      HttpExchange exchange, int status, String type, byte[] content, @Nullable String digest)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
    if (digest != null) {
      exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
    exchange.sendResponseHeaders(status, head ? -1 : content.length);
    if (!head) {
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(content);
      }
    }
  }
}
