package dev.ocipkg;

import dev.ocipkg.internal.io.ForeignText;
import org.jspecify.annotations.Nullable;

/**
 * A native library could not be fetched or loaded. It carries what a person needs to fix it: the
 * reference, the registry (or local source), the platform, the HTTP status where one was seen, and
 * a hint.
 *
 * <p>Where several sources were tried (mirrors, then the upstream), the message lists each attempt
 * and each attempt's exception is attached as {@linkplain #getSuppressed() suppressed}.
 */
public final class NativeLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String reference;
  private final @Nullable String registry;
  private final @Nullable String platform;
  private final int httpStatus;
  private final @Nullable String hint;

  private NativeLoadException(Builder b) {
    super(compose(b), b.cause);
    this.reference = b.reference;
    this.registry = b.registry;
    this.platform = b.platform;
    this.httpStatus = b.httpStatus;
    this.hint = b.hint;
  }

  /** Starts an exception whose first line is {@code problem}. */
  public static Builder builder(String problem) {
    return new Builder(problem);
  }

  /** The reference being loaded, as the caller wrote it, or null if not known. */
  public @Nullable String reference() {
    return reference;
  }

  /** The registry host[:port] or local source involved, or null. */
  public @Nullable String registry() {
    return registry;
  }

  /** The platform wanted, {@code os/arch[/variant]}, or null. */
  public @Nullable String platform() {
    return platform;
  }

  /** The HTTP status that caused the failure, or -1 where there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** What to do about it, or null. */
  public @Nullable String hint() {
    return hint;
  }

  private static String compose(Builder b) {
    StringBuilder s = new StringBuilder(b.problem);
    StringBuilder context = new StringBuilder();
    append(context, "reference", b.reference);
    append(context, "registry", b.registry);
    append(context, "platform", b.platform);
    if (b.httpStatus >= 0) {
      append(context, "HTTP status", Integer.toString(b.httpStatus));
    }
    if (context.length() > 0) {
      s.append(" [").append(context).append(']');
    }
    if (b.hint != null) {
      s.append("\nHint: ").append(b.hint);
    }
    // The last guard: foreign text is escaped where it enters a message, and whatever slipped
    // through still cannot drive a terminal or forge a line.
    return ForeignText.withoutControls(s.toString());
  }

  private static void append(StringBuilder s, String key, @Nullable String value) {
    if (value != null) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(key).append(' ').append(value);
    }
  }

  /** Builds a {@link NativeLoadException}. */
  public static final class Builder {
    private final String problem;
    private @Nullable String reference;
    private @Nullable String registry;
    private @Nullable String platform;
    private int httpStatus = -1;
    private @Nullable String hint;
    private @Nullable Throwable cause;

    private Builder(String problem) {
      this.problem = problem;
    }

    public Builder reference(@Nullable String reference) {
      this.reference = reference;
      return this;
    }

    public Builder registry(@Nullable String registry) {
      this.registry = registry;
      return this;
    }

    public Builder platform(@Nullable String platform) {
      this.platform = platform;
      return this;
    }

    public Builder httpStatus(int httpStatus) {
      this.httpStatus = httpStatus;
      return this;
    }

    public Builder hint(@Nullable String hint) {
      this.hint = hint;
      return this;
    }

    public Builder cause(@Nullable Throwable cause) {
      this.cause = cause;
      return this;
    }

    public NativeLoadException build() {
      return new NativeLoadException(this);
    }
  }
}
