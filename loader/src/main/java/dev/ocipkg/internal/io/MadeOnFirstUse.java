package dev.ocipkg.internal.io;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value made on its first {@link #get}, once, whichever threads ask: for what a loader may never
 * need and that would cost classes to make (a cache of tokens, say, which an anonymous pull never
 * fills). {@link #ifMade} reads it without making it.
 */
public final class MadeOnFirstUse<T> {
  private final Supplier<T> maker;
  private volatile @Nullable T value;

  public MadeOnFirstUse(Supplier<T> maker) {
    this.maker = maker;
  }

  /** The value, made now by the first caller. */
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = maker.get();
          value = v;
        }
      }
    }
    return v;
  }

  /** The value if it was made, else null. */
  public @Nullable T ifMade() {
    return value;
  }
}
