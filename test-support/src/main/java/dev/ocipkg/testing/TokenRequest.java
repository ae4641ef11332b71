package dev.ocipkg.testing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request that reached the {@link TokenService}, successful or not, so tests can assert how
 * often and for what a client asked for tokens.
 */
public final class TokenRequest {
  private final Instant time;
  private final String method;
  private final @Nullable String user;
  private final String grant;
  private final List<String> scopes;
  private final List<String> granted;
  private final int status;

  TokenRequest(
      Instant time,
      String method,
      @Nullable String user,
      String grant,
      List<String> scopes,
      List<String> granted,
      int status) {
    this.time = time;
    this.method = method;
    this.user = user;
    this.grant = grant;
    this.scopes = List.copyOf(scopes);
    this.granted = List.copyOf(granted);
    this.status = status;
  }

  public Instant time() {
    return time;
  }

  /** {@code GET} (the Docker token protocol) or {@code POST} (the OAuth2 form). */
  public String method() {
    return method;
  }

  /** The user the request authenticated as (or tried to); empty for anonymous requests. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public boolean anonymous() {
    return user == null;
  }

  /**
   * How the client authenticated: {@code anonymous}, {@code basic} (GET with credentials), {@code
   * password} or {@code refresh_token} (OAuth2 POST grants).
   */
  public String grant() {
    return grant;
  }

  /** The {@code scope} values as the client sent them, e.g. {@code repository:a/b:pull,push}. */
  public List<String> scopes() {
    return scopes;
  }

  /** What the issued token grants, in the same {@code type:name:actions} form; empty on failure. */
  public List<String> granted() {
    return granted;
  }

  /** The HTTP status the token service answered. */
  public int status() {
    return status;
  }

  @Override
  public String toString() {
    return time
        + " "
        + method
        + " "
        + (user == null ? "anonymous" : user)
        + " ("
        + grant
        + ") scopes="
        + scopes
        + " granted="
        + granted
        + " -> "
        + status;
  }
}
