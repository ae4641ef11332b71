package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which scheme each registry speaks, and so its API's base URL: https, except for hosts that may
 * use plain http (loopback, or configured insecure) and turn out not to speak TLS — probed once
 * ({@link SchemeProbe}) and remembered in the cache for the next JVMs ({@link SchemeRecords}). A
 * remembered scheme is probed again once when it fails.
 */
final class SchemeMemory {
  private final LoaderConfig config;
  private final SchemeRecords records;
  private final ConcurrentHashMap<String, String> schemeByHost = new ConcurrentHashMap<>();

  /**
   * Hosts whose scheme is checked again once on trouble: every host that may use plain http, until
   * it has been probed again. A remembered scheme may be out of date; a probed one may be wrong
   * too, when a busy machine makes a TLS server's answer miss the probe's timeout.
   */
  private final Set<String> unconfirmed = ConcurrentHashMap.newKeySet();

  SchemeMemory(LoaderConfig config) {
    this.config = config;
    this.records = new SchemeRecords(config.cacheDir(), config.perUserCacheDir(), config.time());
  }

  /** The base URL of {@code host}'s registry API: {@code https://host/v2/} or http for loopback. */
  HttpUrl apiBase(String host) {
    String apiHost = host.equals("docker.io") ? "registry-1.docker.io" : host;
    return HttpUrl.get(schemeOf(host) + "://" + apiHost + "/v2/");
  }

  /** Whether {@code host} may be reached over plain http: loopback or configured insecure. */
  boolean mayUsePlainHttp(String host) {
    return config.isInsecure(host) || LoopbackHosts.isLoopback(host);
  }

  /** Whether {@code host} is known to speak plain http (then credentials need a loopback host). */
  boolean isPlainHttp(String host) {
    return "http".equals(schemeByHost.get(host));
  }

  private String schemeOf(String host) {
    if (!mayUsePlainHttp(host)) {
      return "https";
    }
    return schemeByHost.computeIfAbsent(host, this::rememberedOrProbed);
  }

  private String rememberedOrProbed(String host) {
    unconfirmed.add(host);
    String known = records.remembered(host);
    if (known != null) {
      return known;
    }
    return probe(host);
  }

  private String probe(String host) {
    String probed =
        SchemeProbe.schemeOf(
            LoopbackHosts.hostName(host), HttpUrl.get("https://" + host + "/").port());
    records.remember(host, probed);
    return probed;
  }

  /** Notes that {@code host} answered plain http where TLS was tried. */
  void foundPlainHttp(String host) {
    schemeByHost.put(host, "http");
    records.remember(host, "http");
  }

  /**
   * If {@code failed} went to {@code host} with a scheme not yet confirmed, probes the host again,
   * once: {@code failed} with the scheme found if that differs, else null.
   */
  @Nullable Request withSchemeProbedAgain(String host, Request failed) {
    if (!failed.url().host().equalsIgnoreCase(LoopbackHosts.hostName(host))
        || !unconfirmed.remove(host)) {
      return null;
    }
    records.forget(host);
    String probed = probe(host);
    schemeByHost.put(host, probed);
    if (probed.equals(failed.url().scheme())) {
      return null;
    }
    return failed.newBuilder().url(failed.url().newBuilder().scheme(probed).build()).build();
  }
}
