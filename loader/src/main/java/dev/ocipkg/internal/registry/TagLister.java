package dev.ocipkg.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v2/<name>/tags/list}: every tag of a repository, following the {@code Link: <…>;
 * rel="next"} pages.
 */
final class TagLister {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_SIZE = 1000;
  private static final int MAX_PAGES = 10_000;

  private final RegistryCaller caller;
  private final int pageSize;

  TagLister(RegistryCaller caller) {
    this(caller, PAGE_SIZE);
  }

  TagLister(RegistryCaller caller, int pageSize) {
    this.caller = caller;
    this.pageSize = pageSize;
  }

  List<String> list(String host, String repository) throws IOException {
    List<String> tags = new ArrayList<>();
    HttpUrl next =
        caller
            .apiBase(host)
            .newBuilder()
            .addPathSegments(repository)
            .addPathSegments("tags/list")
            .addQueryParameter("n", Integer.toString(pageSize))
            .build();
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      Request get = new Request.Builder().url(next).get().build();
      try (Response response =
          caller.execute(host, List.of(RegistryCaller.pullScope(repository)), get)) {
        if (!response.isSuccessful()) {
          throw caller.failure(host, "cannot list the tags of " + repository, response);
        }
        JsonNode body = JSON.readTree(response.body().byteStream());
        for (JsonNode tag : body.path("tags")) {
          tags.add(tag.asText());
        }
        next = nextPage(response.header("Link"), next);
      }
    }
    return tags;
  }

  /** The URL of {@code <url>; rel="next"}, resolved against the current page, or null. */
  static @Nullable HttpUrl nextPage(@Nullable String link, HttpUrl current) {
    if (link == null) {
      return null;
    }
    for (String part : link.split(",")) {
      int open = part.indexOf('<');
      int close = part.indexOf('>');
      if (open >= 0
          && close > open
          && part.substring(close).replace(" ", "").contains("rel=\"next\"")) {
        return current.resolve(part.substring(open + 1, close));
      }
    }
    return null;
  }
}
