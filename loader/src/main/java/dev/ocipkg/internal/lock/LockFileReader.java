package dev.ocipkg.internal.lock;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a lock file: a hand-written line parser, cheap enough for the warm path (no JSON, no
 * regular expressions). Every error names the file and the line, the offending text escaped.
 */
public final class LockFileReader {
  /** A lock file of one application is a few kilobytes; more is not a lock file. */
  static final int MAX_BYTES = 4 << 20;

  private static final String HOW_TO_FIX =
      "; regenerate it with ocipkg lock (or mvn ocipkg:lock) rather than editing it by hand";

  private LockFileReader() {}

  /**
   * Reads the lock file at {@code file}.
   *
   * @throws LockFileException if it is missing, unreadable or malformed
   */
  public static LockFile read(Path file) {
    String location = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw tooLarge(location);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new LockFileException(
          "the lock file "
              + location
              + " does not exist (write it with ocipkg lock -o "
              + location
              + ")",
          e);
    } catch (IOException e) {
      throw new LockFileException(
          "the lock file " + location + " cannot be read: " + e.getMessage(), e);
    }
    return parse(decode(bytes, location), location);
  }

  /** Reads the lock file at {@code url} (a class-path resource). */
  public static LockFile read(URL url) {
    String location = url.toString();
    byte[] bytes;
    try (InputStream in = url.openStream()) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new LockFileException(
          "the lock file " + location + " cannot be read: " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(location);
    }
    return parse(decode(bytes, location), location);
  }

  private static LockFileException tooLarge(String location) {
    return new LockFileException(
        "the lock file " + location + " is larger than " + MAX_BYTES + " bytes" + HOW_TO_FIX);
  }

  private static String decode(byte[] bytes, String location) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new LockFileException("the lock file " + location + " is not UTF-8 text" + HOW_TO_FIX);
    }
  }

  /**
   * Parses the text of a lock file.
   *
   * @param location where it came from, for messages
   * @throws LockFileException naming the line of the first error
   */
  public static LockFile parse(String text, String location) {
    List<LockedImage> images = new ArrayList<>();
    Map<String, Integer> lineOfKey = new HashMap<>();
    boolean versionSeen = false;
    Pending pending = null;
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      String line = text.substring(start, end);
      start = end + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1); // checked out with CRLF line ends
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] words = words(trimmed);
      boolean indented = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (!versionSeen) {
        checkVersion(words, line, lineNumber, location);
        versionSeen = true;
      } else if (indented) {
        if (pending == null) {
          throw error(location, lineNumber, "a platform line before any image line", line);
        }
        pending.manifests.add(manifest(words, line, lineNumber, location));
      } else if (words[0].equals("image")) {
        if (pending != null) {
          images.add(pending.finish(location));
        }
        pending = image(words, line, lineNumber, location);
        Integer before = lineOfKey.put(pending.reference.toString(), lineNumber);
        if (before != null) {
          throw error(
              location,
              lineNumber,
              "the image of line " + before + " is locked a second time",
              line);
        }
      } else {
        throw error(
            location,
            lineNumber,
            "expected \"image REFERENCE DIGEST\" or an indented \"OS/ARCH[/VARIANT] DIGEST\"",
            line);
      }
    }
    if (!versionSeen) {
      throw new LockFileException(
          location
              + ": not a lock file (it has no \"version "
              + LockFile.VERSION
              + "\" line)"
              + HOW_TO_FIX);
    }
    if (pending != null) {
      images.add(pending.finish(location));
    }
    return new LockFile(location, images);
  }

  private static void checkVersion(String[] words, String line, int n, String location) {
    if (words.length != 2 || !words[0].equals("version")) {
      throw error(location, n, "expected \"version " + LockFile.VERSION + "\" first", line);
    }
    if (!words[1].equals(Integer.toString(LockFile.VERSION))) {
      throw new LockFileException(
          location
              + " line "
              + n
              + ": lock file version "
              + ForeignText.escape(words[1])
              + " is not one this ocipkg reads (it reads version "
              + LockFile.VERSION
              + "); regenerate the lock file with this ocipkg, or use the ocipkg that wrote it");
    }
  }

  private static Pending image(String[] words, String line, int n, String location) {
    if (words.length != 3) {
      throw error(location, n, "expected \"image REFERENCE DIGEST\"", line);
    }
    ImageReference reference;
    try {
      reference = ImageReference.parse(words[1]);
    } catch (IllegalArgumentException e) {
      throw error(location, n, e.getMessage(), line);
    }
    if (reference.kind() != ImageReference.Kind.REGISTRY
        || reference.tag() == null
        || reference.digest() != null) {
      throw error(
          location,
          n,
          "a lock file pins registry references with a tag and without a digest",
          line);
    }
    return new Pending(words[1], reference, digest(words[2], line, n, location), n);
  }

  private static LockedManifest manifest(String[] words, String line, int n, String location) {
    if (words.length != 2) {
      throw error(location, n, "expected an indented \"OS/ARCH[/VARIANT] DIGEST\"", line);
    }
    Platform platform;
    try {
      platform = Platform.parse(words[0]);
    } catch (IllegalArgumentException e) {
      throw error(location, n, e.getMessage(), line);
    }
    return new LockedManifest(platform, digest(words[1], line, n, location));
  }

  private static Digest digest(String word, String line, int n, String location) {
    try {
      return Digest.parse(word);
    } catch (IllegalArgumentException e) {
      throw error(location, n, e.getMessage(), line);
    }
  }

  /** The words of a line, split at runs of spaces and tabs (no regular expression). */
  private static String[] words(String trimmed) {
    List<String> words = new ArrayList<>(3);
    int i = 0;
    while (i < trimmed.length()) {
      while (i < trimmed.length() && isBlank(trimmed.charAt(i))) {
        i++;
      }
      int from = i;
      while (i < trimmed.length() && !isBlank(trimmed.charAt(i))) {
        i++;
      }
      if (i > from) {
        words.add(trimmed.substring(from, i));
      }
    }
    return words.toArray(new String[0]);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static LockFileException error(
      String location, int line, @Nullable String problem, String text) {
    return new LockFileException(
        location
            + " line "
            + line
            + ": "
            + ForeignText.escape(problem)
            + " (the line is \""
            + ForeignText.escape(text, 120)
            + "\")"
            + HOW_TO_FIX);
  }

  /** An image line whose platform lines are still being read. */
  private static final class Pending {
    final String written;
    final ImageReference reference;
    final Digest digest;
    final int line;
    final List<LockedManifest> manifests = new ArrayList<>();

    Pending(String written, ImageReference reference, Digest digest, int line) {
      this.written = written;
      this.reference = reference;
      this.digest = digest;
      this.line = line;
    }

    LockedImage finish(String location) {
      if (manifests.isEmpty()) {
        throw new LockFileException(
            location
                + " line "
                + line
                + ": image "
                + ForeignText.escape(written)
                + " pins no platform manifest (an indented \"OS/ARCH DIGEST\" line below it)"
                + HOW_TO_FIX);
      }
      return new LockedImage(written, reference, digest, manifests);
    }
  }
}
