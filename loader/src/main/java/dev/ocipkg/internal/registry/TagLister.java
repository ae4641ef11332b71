package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v2/<name>/tags/list}: every tag of a repository, following the {@code Link: <…>;
 * rel="next"} pages.
 */
public final class TagLister {
  private static final int PAGE_SIZE = 1000;
  private static final int MAX_PAGES = 10_000;
  private static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;

  private final RegistryCaller caller;
  private final int pageSize;

  public TagLister(RegistryCaller caller) {
    this(caller, PAGE_SIZE);
  }

  TagLister(RegistryCaller caller, int pageSize) {
    this.caller = caller;
    this.pageSize = pageSize;
  }

  public List<String> list(Repository repository) throws IOException {
    List<String> tags = new ArrayList<>();
    HttpUrl next = tagsUrl(repository, pageSize);
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      Request get = caller.documentRequest(new Request.Builder().url(next).get().build());
      try (Response response =
          caller.execute(repository.host(), List.of(repository.pullScope()), get)) {
        if (!response.isSuccessful()) {
          throw caller.failure(
              repository.host(), "cannot list the tags of " + repository, response);
        }
        JsonValue body =
            tagList(
                caller.readDocument(
                    repository.host(),
                    response,
                    MAX_PAGE_BYTES,
                    "a page of the tags of " + repository));
        for (JsonValue tag : body.path("tags").elements()) {
          if (tag.isTextual()) { // what else a hostile registry lists is no tag
            tags.add(tag.asText());
          }
        }
        next = nextPage(response.header("Link"), next);
      }
    }
    return tags;
  }

  /** {@code <base>/v2/<path>/tags/list?n=<n>}. */
  private HttpUrl tagsUrl(Repository repository, int n) {
    return caller
        .endpoint(repository, "tags", "list")
        .newBuilder()
        .addQueryParameter("n", Integer.toString(n))
        .build();
  }

  /**
   * The first {@code n} tags of {@code repository}, or null if the registry says the repository
   * does not exist (404): what tells an unknown repository from an unknown tag where the registry's
   * error code does not (Distribution answers {@code MANIFEST_UNKNOWN} for both).
   */
  @Nullable List<String> firstTags(Repository repository, int n) throws IOException {
    Request get =
        caller.documentRequest(new Request.Builder().url(tagsUrl(repository, n)).get().build());
    try (Response response =
        caller.execute(repository.host(), List.of(repository.pullScope()), get)) {
      if (response.code() == 404) {
        return null;
      }
      if (!response.isSuccessful()) {
        throw caller.failure(repository.host(), "cannot list the tags of " + repository, response);
      }
      List<String> tags = new ArrayList<>();
      JsonValue body =
          tagList(
              caller.readDocument(
                  repository.host(), response, MAX_PAGE_BYTES, "the tags of " + repository));
      for (JsonValue tag : body.path("tags").elements()) {
        if (tag.isTextual() && tags.size() < n) {
          tags.add(tag.asText());
        }
      }
      return tags;
    }
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

  /**
   * A page of tags; malformed JSON is reported by where it breaks, not by the reader's message,
   * which may name a field of the registry's text.
   */
  private static JsonValue tagList(byte[] page) throws IOException {
    try {
      return JsonValue.parse(page);
    } catch (JsonValue.MalformedJson e) {
      throw new IOException("the registry's tag list is not valid JSON" + e.position(), null);
    }
  }
}
