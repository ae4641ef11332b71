package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpExchanges;
import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.credentials.CredentialResolver;
import dev.ocipkg.internal.registry.credentials.DockerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * Owns HTTP for every registry endpoint; the endpoint classes ({@link ManifestPuller}, {@link
 * BlobPuller}, the pushers) only build requests and read responses. A call passes a chain of small
 * steps, each with one job ({@link RegistryStep}):
 *
 * <ol>
 *   <li>{@link Retrying}: connection failures, 408, 429 and 5xx again, with backoff, jitter and
 *       {@code Retry-After}, within the request's deadline; a refusal ({@link
 *       RefusedRequestException}) never;
 *   <li>{@link Authenticating}: a cached token up front, one answer per challenge, credentials only
 *       for the registry's own origin and never in clear text off loopback;
 *   <li>{@link SchemeFallback}: https first, plain http where a loopback or insecure host does not
 *       speak TLS ({@link SchemeMemory} remembers which);
 *   <li>{@link Redirects}: followed here, {@code Authorization} dropped across origins, https to
 *       http refused;
 *   <li>{@link Transport}: the exchange on the JDK's HTTP client, under the request's {@link
 *       Deadline}.
 * </ol>
 *
 * <p>Time: a small document ({@link #documentRequest}) has one deadline for the whole call,
 * retries, redirects and body included; a blob ({@link #blobRequest}) has it until its headers
 * arrive, and then the stall rule of {@link BlobPuller}.
 */
public final class RegistryCaller {
  private final LoaderConfig config;
  private final SchemeMemory schemes;
  private final RegistryFailures failures;
  private final RegistryStep chain;

  public RegistryCaller(LoaderConfig config) throws IOException {
    this(
        config,
        DockerCredentials.of(
            config.credentials(),
            config::variable,
            config.home(),
            config.credentialHelperTimeout(),
            config.time()));
  }

  public RegistryCaller(LoaderConfig config, CredentialResolver credentials) throws IOException {
    this.config = config;
    HttpExchanges http = HttpClients.create(config);
    this.schemes = new SchemeMemory(config);
    this.failures = new RegistryFailures(credentials, config.documentTimeout());
    this.chain =
        new Retrying(
            new RetryPolicy(config),
            failures,
            new Authenticating(
                schemes,
                new BearerTokens(http, config),
                credentials,
                new SchemeFallback(schemes, new Redirects(new Transport(http)))));
  }

  /** The read timeout, which is also the window of the blob download's stall rule. */
  public Duration readTimeout() {
    return config.readTimeout();
  }

  /** The base URL of {@code host}'s registry API: {@code https://host/v2/} or http for loopback. */
  public HttpUrl apiBase(String host) {
    return schemes.apiBase(host);
  }

  /**
   * {@code <base>/v2/<path>/<kind>/<reference>}: kind is {@code manifests}, {@code blobs}, {@code
   * referrers} or {@code tags}.
   */
  public HttpUrl endpoint(Repository repository, String kind, String reference) {
    return apiBase(repository.host())
        .newBuilder()
        .addPathSegments(repository.path())
        .addPathSegment(kind)
        .addPathSegment(reference)
        .build();
  }

  /**
   * {@code request} under a fresh whole-call deadline ({@link LoaderConfig#documentTimeout}): for a
   * small document, read whole with {@link #readDocument}.
   */
  public Request documentRequest(Request request) {
    return request
        .newBuilder()
        .tag(Deadline.class, Deadline.after(config.documentTimeout(), true))
        .build();
  }

  /**
   * {@code request} (a blob download) with the whole-call deadline applying only until the
   * response's headers have arrived; its body then falls under the stall rule.
   */
  public Request blobRequest(Request request) {
    return request
        .newBuilder()
        .tag(Deadline.class, Deadline.after(config.documentTimeout(), false))
        .build();
  }

  /**
   * The body of a small document, at most {@code maxBytes}, within the deadline of its request.
   *
   * @param what how messages name the document, e.g. {@code manifest ghcr.io/acme/x:1.0}
   */
  public byte[] readDocument(String host, Response response, int maxBytes, String what)
      throws IOException {
    long length = response.body().contentLength();
    if (length > maxBytes) {
      throw new IOException(
          what + " is " + length + " bytes, more than the limit of " + maxBytes + " bytes");
    }
    try (InputStream in = response.body().byteStream()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(what + " is more than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw explainTimeout(e, response.request(), what, host);
    }
  }

  /** {@code e}, or the deadline's own failure if {@code request}'s deadline is what ended it. */
  static IOException explainTimeout(IOException e, Request request, String what, String host) {
    Deadline deadline = request.tag(Deadline.class);
    return deadline == null ? e : deadline.explain(e, what, host);
  }

  /**
   * Executes {@code request} against registry {@code host} with the rights of {@code scopes},
   * through the chain of steps. The caller closes the response. A final non-2xx response is
   * returned as is ({@link #failure} turns it into an exception), except a retryable status that
   * persists through every attempt, which is thrown with the count.
   */
  public Response execute(String host, List<String> scopes, Request request) throws IOException {
    return chain.proceed(host, scopes, request);
  }

  /**
   * An exception for a non-success response, with the OCI error code from its body if any, and for
   * 401/403 where the credentials came from.
   */
  public RegistryException failure(String host, String what, Response response) {
    return failures.failure(host, what, response);
  }
}
