package dev.ocipkg.tools;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.io.ForeignText;

/**
 * Checks on reference text that publishing needs and {@link ImageReference} does not offer: a tag
 * on its own, and whether a registry reference names its tag or only gets the default {@code
 * latest}.
 */
public final class ReferenceChecks {
  private ReferenceChecks() {}

  /** Whether {@code tag} is a valid tag, {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
  public static boolean isTag(String tag) {
    try {
      // The reference parser owns the tag grammar; a registry reference exercises just that part
      // (a layout's :NAME takes any ref.name, not only tags).
      return !tag.isEmpty() && tag.equals(ImageReference.parse("x:" + tag).tag());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * {@code tag} itself where it is a valid tag.
   *
   * @throws IllegalArgumentException naming the text and the tag grammar
   */
  public static String requireTag(String tag) {
    if (!isTag(tag)) {
      throw new IllegalArgumentException(
          "\""
              + ForeignText.escape(tag)
              + "\" is not a valid tag (letters, digits, '_', '.', '-', at most 128, not starting"
              + " with '.' or '-')");
    }
    return tag;
  }

  /**
   * Whether {@code text} is a full image name {@code HOST[:PORT]/REPOSITORY:TAG} with the host
   * spelled out, as the Rust ocipkg writes {@code org.opencontainers.image.ref.name}.
   */
  public static boolean isImageName(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || text.contains("@") || !namesTag(text)) {
      return false;
    }
    String host = text.substring(0, slash);
    if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
      return false;
    }
    try {
      ImageReference parsed = ImageReference.parse(text);
      return text.equals(parsed.registry() + "/" + parsed.repository() + ":" + parsed.tag());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The tag that a layout's ref name gives a registry target: the name itself where it is a tag,
   * the tag of a full image name ({@code localhost:5000/x:1.0} gives {@code 1.0}), else null.
   */
  public static @org.jspecify.annotations.Nullable String tagOf(String refName) {
    if (isTag(refName)) {
      return refName;
    }
    return isImageName(refName) ? refName.substring(refName.lastIndexOf(':') + 1) : null;
  }

  /**
   * Whether the registry reference {@code text} names a tag itself: {@code host/repo:1.0} does,
   * {@code host/repo} and {@code host/repo@sha256:…} do not (the parser gives the first {@code
   * latest}).
   */
  public static boolean namesTag(String text) {
    String body = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
    int at = body.indexOf('@');
    String name = at >= 0 ? body.substring(0, at) : body;
    return name.lastIndexOf(':') > name.lastIndexOf('/');
  }
}
