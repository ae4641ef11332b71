package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Tries a request again after a connection failure, 408, 429 or 5xx, with backoff, jitter and the
 * server's {@code Retry-After} ({@link RetryPolicy}); only requests that can be repeated (GET,
 * HEAD, PUT), and never past the request's {@link Deadline}. An answer, a refusal or a deadline is
 * final: trying again cannot help. A retryable status that persists through every attempt is thrown
 * with the count.
 */
final class Retrying implements RegistryStep {
  private final RetryPolicy retry;
  private final RegistryFailures failures;
  private final RegistryStep next;

  Retrying(RetryPolicy retry, RegistryFailures failures, RegistryStep next) {
    this.retry = retry;
    this.failures = failures;
    this.next = next;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    boolean repeatable = isRepeatable(request.method());
    Deadline deadline = request.tag(Deadline.class);
    IOException lastFailure = null;
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = next.proceed(host, scopes, request);
      } catch (RegistryException | RefusedRequestException | DeadlineExceededException e) {
        throw e;
      } catch (IOException e) {
        if (deadline != null && deadline.expired()) {
          throw deadline.exceeded(request.method() + " " + request.url().encodedPath(), host, e);
        }
        if (!repeatable || attempt >= retry.maxAttempts() || e instanceof SSLException) {
          if (lastFailure != null && lastFailure != e) {
            e.addSuppressed(lastFailure);
          }
          throw attempt > 1 ? withAttempts(e, host, attempt) : e;
        }
        lastFailure = e;
        RetryPolicy.sleep(waitBefore(deadline, retry.delayMillis(attempt, null)));
        continue;
      }
      if (!repeatable || !RetryPolicy.isRetryableStatus(response.code())) {
        return response;
      }
      if (attempt >= retry.maxAttempts()) {
        RegistryException e =
            failures.failure(
                host,
                request.method()
                    + " "
                    + request.url().encodedPath()
                    + " failed after "
                    + attempt
                    + " attempts",
                response);
        response.close();
        throw e;
      }
      long wait = retry.delayMillis(attempt, response.header("Retry-After"));
      if (deadline != null && deadline.remainingMillis() <= wait) {
        return response; // no time left for another try: this answer is the one to report
      }
      response.close();
      RetryPolicy.sleep(wait);
    }
  }

  /** {@code millis}, but never past {@code deadline}. */
  private static long waitBefore(
      @org.jspecify.annotations.Nullable Deadline deadline, long millis) {
    return deadline == null ? millis : Math.min(millis, deadline.remainingMillis());
  }

  private static IOException withAttempts(IOException e, String host, int attempts) {
    return new IOException("cannot reach " + host + " after " + attempts + " attempts: " + e, e);
  }

  private static boolean isRepeatable(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("PUT");
  }
}
