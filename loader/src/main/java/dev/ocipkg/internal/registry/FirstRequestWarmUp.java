package dev.ocipkg.internal.registry;

import java.security.Security;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * What a fresh JVM's first registry request needs and that depends on nothing of that request, done
 * on the HTTP client's setup thread ({@link HttpClients}) while the caller reads its configuration,
 * credentials and cache and probes the scheme: the JDK's full list of security providers (OkHttp's
 * platform check asks for it on its first call, which loads and initializes every installed
 * provider: EC curves, JSSE, PKCS#11, SASL and more), and the parsing of a URL with a host name
 * (OkHttp's IDNA mapping table, okio's byte strings, a Kotlin regex). The request then finds them
 * loaded. Nothing here touches the network or any state a request reads.
 */
final class FirstRequestWarmUp {
  private FirstRequestWarmUp() {}

  static void run() {
    try {
      Security.getProviders();
      HttpUrl url = HttpUrl.get("http://registry.invalid/v2/");
      new Request.Builder().url(url).header("Accept", "application/json").build();
    } catch (RuntimeException e) {
      // only a head start: the first request does the same work itself
    }
  }
}
