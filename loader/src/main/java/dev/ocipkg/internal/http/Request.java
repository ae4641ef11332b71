package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.ForeignText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as a value: method, URL, headers, an optional body, and tags that travel with it
 * through the steps of a call (a deadline, say). {@link #newBuilder} makes a changed copy.
 */
public final class Request {
  private final String method;
  private final HttpUrl url;
  private final List<String> headers; // name, value, name, value, …
  private final @Nullable RequestBody body;
  private final Map<Class<?>, Object> tags;

  private Request(Builder b) {
    if (b.url == null) {
      throw new IllegalStateException("a request needs a URL");
    }
    this.method = b.method;
    this.url = b.url;
    this.headers = List.copyOf(b.headers);
    this.body = b.body;
    this.tags = Map.copyOf(b.tags);
  }

  public String method() {
    return method;
  }

  public HttpUrl url() {
    return url;
  }

  /** The last value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    return HeaderFields.last(headers, name);
  }

  /** Every header as name, value, name, value, in order. */
  List<String> headerList() {
    return headers;
  }

  public @Nullable RequestBody body() {
    return body;
  }

  /** The tag of type {@code type}, or null. */
  public <T> @Nullable T tag(Class<T> type) {
    return type.cast(tags.get(type));
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Method and URL, for messages of tests; never the headers, which may hold credentials. */
  @Override
  public String toString() {
    // For messages: no query (a pre-signed URL's signature lives there), the rest escaped and cut.
    return method
        + " "
        + url.scheme()
        + "://"
        + url.authority(false)
        + ForeignText.escape(url.encodedPath());
  }

  /** Builds a request; GET unless told otherwise. */
  public static final class Builder {
    private String method = "GET";
    private @Nullable HttpUrl url;
    private final List<String> headers = new ArrayList<>();
    private @Nullable RequestBody body;
    private final Map<Class<?>, Object> tags = new HashMap<>();

    public Builder() {}

    private Builder(Request r) {
      this.method = r.method;
      this.url = r.url;
      this.headers.addAll(r.headers);
      this.body = r.body;
      this.tags.putAll(r.tags);
    }

    public Builder url(HttpUrl target) {
      this.url = target;
      return this;
    }

    /** {@code target} parsed ({@link HttpUrl#get}). */
    public Builder url(String target) {
      return url(HttpUrl.get(target));
    }

    public Builder get() {
      return method("GET", null);
    }

    public Builder head() {
      return method("HEAD", null);
    }

    public Builder post(RequestBody content) {
      return method("POST", content);
    }

    public Builder put(RequestBody content) {
      return method("PUT", content);
    }

    public Builder patch(RequestBody content) {
      return method("PATCH", content);
    }

    private Builder method(String name, @Nullable RequestBody content) {
      this.method = name;
      this.body = content;
      return this;
    }

    /** Sets header {@code name} to {@code value}, replacing any value it had. */
    /**
     * Sets {@code name} to {@code value}, replacing what it had.
     *
     * @throws IllegalArgumentException if either holds a control character (a line break would
     *     split the request); the message names the header, never the value, which may be a secret
     */
    public Builder header(String name, String value) {
      if (name.isEmpty() || hasControl(name, false) || hasControl(value, true)) {
        throw new IllegalArgumentException(
            "the header " + ForeignText.escape(name) + " holds a control character: not sent");
      }
      removeHeader(name);
      headers.add(name);
      headers.add(value);
      return this;
    }

    private static boolean hasControl(String text, boolean tabAllowed) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if ((c < 0x20 && !(tabAllowed && c == '\t')) || c == 0x7f) {
          return true;
        }
      }
      return false;
    }

    public Builder removeHeader(String name) {
      for (int i = headers.size() - 2; i >= 0; i -= 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          headers.remove(i + 1);
          headers.remove(i);
        }
      }
      return this;
    }

    public <T> Builder tag(Class<T> type, T value) {
      tags.put(type, value);
      return this;
    }

    public Request build() {
      return new Request(this);
    }
  }
}
