package dev.ocipkg.internal.http;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response: status, headers in the order received, and the body, which the caller closes
 * (closing the response closes it). {@link #request} is the request that this response answers,
 * after every redirect and change of scheme.
 */
public final class Response implements Closeable {
  private final Request request;
  private final int code;
  private final List<String> headers; // name, value, name, value, …
  private final ResponseBody body;

  public Response(Request request, int code, List<String> headers, ResponseBody body) {
    this.request = request;
    this.code = code;
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  /** A response without a body, with headers given as name, value, name, value (for tests). */
  public static Response of(Request request, int code, String... headers) {
    return new Response(request, code, Arrays.asList(headers), ResponseBody.empty());
  }

  public Request request() {
    return request;
  }

  public int code() {
    return code;
  }

  public boolean isSuccessful() {
    return code >= 200 && code < 300;
  }

  /** 300, 301, 302, 303, 307 or 308: a status that names another place in {@code Location}. */
  public boolean isRedirect() {
    return (code >= 300 && code <= 303) || code == 307 || code == 308;
  }

  /** The last value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    return HeaderFields.last(headers, name);
  }

  /** Every value of header {@code name} (any case), in the order received. */
  public List<String> headers(String name) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      if (headers.get(i).equalsIgnoreCase(name)) {
        values.add(headers.get(i + 1));
      }
    }
    return values;
  }

  public ResponseBody body() {
    return body;
  }

  @Override
  public void close() {
    body.close();
  }
}
