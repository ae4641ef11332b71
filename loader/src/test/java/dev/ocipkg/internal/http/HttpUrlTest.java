package dev.ocipkg.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {
  @Test
  void partsOfAnHttpsUrlWithTheDefaultPort() {
    HttpUrl url = HttpUrl.get("HTTPS://Registry.Example/v2/");

    assertThat(url.scheme()).isEqualTo("https");
    assertThat(url.isHttps()).isTrue();
    assertThat(url.host()).isEqualTo("registry.example");
    assertThat(url.port()).isEqualTo(443);
    assertThat(url.encodedPath()).isEqualTo("/v2/");
    assertThat(url).hasToString("https://registry.example/v2/");
  }

  @Test
  void anIpv6HostIsKeptWithoutItsBracketsAndWrittenWithThem() {
    HttpUrl url = HttpUrl.get("http://[::1]:5000/v2/");

    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.port()).isEqualTo(5000);
    assertThat(url).hasToString("http://[::1]:5000/v2/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://registry.example/x",
        "file:///etc/passwd",
        "/v2/relative",
        "https://user:secret@registry.example/",
        "https:///no-host",
        "https://registry.example/a b",
        "javascript:alert(1)"
      })
  void whatIsNotAnAbsoluteHttpUrlWithoutUserInfoDoesNotParse(String text) {
    assertThat(HttpUrl.parse(text)).isNull();
    assertThatThrownBy(() -> HttpUrl.get(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathSegmentsAreAddedEncodedAndATrailingSlashIsKept() {
    HttpUrl base = HttpUrl.get("http://127.0.0.1:5000/v2/");

    HttpUrl url =
        base.newBuilder()
            .addPathSegments("acme/lib foo")
            .addPathSegment("manifests")
            .addPathSegment("sha256:ab/../cd?#")
            .build();
    HttpUrl uploads = base.newBuilder().addPathSegments("acme/x/blobs/uploads/").build();

    assertThat(url)
        .hasToString("http://127.0.0.1:5000/v2/acme/lib%20foo/manifests/sha256:ab%2F..%2Fcd%3F%23");
    assertThat(uploads).hasToString("http://127.0.0.1:5000/v2/acme/x/blobs/uploads/");
  }

  @Test
  void queryParametersAreEncodedSoThatNoneSplitsAnother() {
    HttpUrl url =
        HttpUrl.get("https://auth.example/token?service=a")
            .newBuilder()
            .addQueryParameter("scope", "repository:acme/x:pull,push")
            .addQueryParameter("q", "a&b=c d+é")
            .build();

    assertThat(url.encodedQuery())
        .isEqualTo("service=a&scope=repository:acme%2Fx:pull,push&q=a%26b%3Dc%20d%2B%C3%A9");
  }

  @Test
  void aChangedSchemeTakesItsDefaultPortUnlessThePortWasExplicit() {
    assertThat(HttpUrl.get("https://localhost/v2/").newBuilder().scheme("http").build())
        .hasToString("http://localhost/v2/")
        .extracting(HttpUrl::port)
        .isEqualTo(80);
    assertThat(HttpUrl.get("https://localhost:5000/v2/").newBuilder().scheme("http").build())
        .hasToString("http://localhost:5000/v2/");
  }

  @Test
  void referencesResolveAgainstTheUrlAndForeignSchemesDoNot() {
    HttpUrl page = HttpUrl.get("https://registry.example/v2/acme/x/tags/list?n=10");

    assertThat(page.resolve("/v2/acme/x/tags/list?last=b&n=10"))
        .hasToString("https://registry.example/v2/acme/x/tags/list?last=b&n=10");
    assertThat(page.resolve("https://storage.example:8443/blob?sig=1"))
        .hasToString("https://storage.example:8443/blob?sig=1");
    assertThat(page.resolve("//other.example/p")).hasToString("https://other.example/p");
    assertThat(page.resolve("file:///etc/passwd")).isNull();
    assertThat(page.resolve("http://a b/")).isNull();
  }

  @Test
  void aPortOutOfRangeIsNotAUrl() {
    assertThat(HttpUrl.parse("http://registry.example:70000/v2/")).isNull();
    assertThat(HttpUrl.parse("https://registry.example:0/v2/")).isNull();
    assertThat(HttpUrl.parse("https://registry.example:65535/v2/")).isNotNull();
  }

  @Test
  void aHeaderWithALineBreakIsRefusedWithoutItsValue() {
    Request.Builder b = new Request.Builder().url("https://registry.example/v2/");

    assertThatThrownBy(() -> b.header("Authorization", "Bearer s3cret\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> b.header("X-A\nB", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.header("X-Tab", "a\tb").build().header("X-Tab")).isEqualTo("a\tb");
  }

  /** A Location may carry any text: it is percent-encoded, on the wire and in messages alike. */
  @Test
  void textBeyondAsciiIsPercentEncoded() {
    HttpUrl url =
        HttpUrl.get("http://127.0.0.1:5000/v2/x/blobs/uploads/1")
            .resolve("/v2/x/blobs/uploads/\u202Egpj.exe\u200B");

    assertThat(url).isNotNull();
    assertThat(url.toString())
        .isEqualTo("http://127.0.0.1:5000/v2/x/blobs/uploads/%E2%80%AEgpj.exe%E2%80%8B");
    assertThat(url.encodedPath()).isEqualTo("/v2/x/blobs/uploads/%E2%80%AEgpj.exe%E2%80%8B");
  }
}
