package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.tools.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tag listing follows the registry's Link pages to the end. */
class TagListerIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void followsEveryPage(@TempDir Path work) throws Exception {
    RegistryCaller caller = new RegistryCaller(LoaderConfig.builder().build());
    RegistryClient client = new RegistryClient(caller);
    String host = registry.host();
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Path configFile = Files.write(work.resolve("config"), config);
    dev.ocipkg.Digest configDigest = dev.ocipkg.Digest.sha256(config);
    client.pushBlob(
        new Repository(host, "acme/tags"),
        configDigest,
        configFile,
        null,
        0,
        TransferListener.NONE);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + configDigest
                + "\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add("v" + i);
      client.pushManifest(
          new Repository(host, "acme/tags"),
          "v" + i,
          manifest,
          "application/vnd.oci.image.manifest.v1+json");
    }

    List<String> tags = new TagLister(caller, 2).list(new Repository(host, "acme/tags"));

    assertThat(tags).containsExactlyInAnyOrderElementsOf(expected);
    // Distribution 2.8 answers every tag on one page whatever n asks; the test below pages.

  }

  /**
   * Distribution 2.8 answers every tag on one page whatever {@code n} asks, so the pages are served
   * here by a stand-in (the JDK's HTTP server on loopback): a protocol edge the real registry
   * cannot produce on demand.
   */
  @Test
  void followsLinkPagesToTheEnd() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.createContext(
        "/v2/",
        exchange -> {
          String query = String.valueOf(exchange.getRequestURI().getRawQuery());
          asked.add(query);
          String body;
          if (!query.contains("last=")) {
            body = "{\"name\":\"a\",\"tags\":[\"v0\",\"v1\"]}";
            exchange
                .getResponseHeaders()
                .add("Link", "</v2/a/tags/list?n=2&last=v1>; rel=\"next\"");
          } else if (query.contains("last=v1")) {
            body = "{\"name\":\"a\",\"tags\":[\"v2\",\"v3\"]}";
            exchange
                .getResponseHeaders()
                .add("Link", "</v2/a/tags/list?n=2&last=v3>; rel=\"next\"");
          } else {
            body = "{\"name\":\"a\",\"tags\":[\"v4\"]}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();
      RegistryCaller caller = new RegistryCaller(LoaderConfig.builder().build());
      assertThat(new TagLister(caller, 2).list(new Repository(host, "a")))
          .containsExactly("v0", "v1", "v2", "v3", "v4");
      assertThat(asked).hasSize(3);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void readsTheNextLink() {
    HttpUrl current = HttpUrl.get("http://127.0.0.1:5000/v2/a/tags/list?n=2");
    assertThat(TagLister.nextPage("</v2/a/tags/list?last=v1&n=2>; rel=\"next\"", current))
        .hasToString("http://127.0.0.1:5000/v2/a/tags/list?last=v1&n=2");
    assertThat(TagLister.nextPage(null, current)).isNull();
    assertThat(TagLister.nextPage("</x>; rel=\"prev\"", current)).isNull();
  }
}
