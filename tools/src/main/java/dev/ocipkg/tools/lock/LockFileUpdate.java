package dev.ocipkg.tools.lock;

import dev.ocipkg.internal.lock.LockFile;
import dev.ocipkg.internal.lock.LockFileReader;
import dev.ocipkg.internal.lock.LockFileWriter;
import dev.ocipkg.internal.scan.DeclaredReferences;
import dev.ocipkg.internal.scan.DeclaredReferences.Declared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@code ocipkg lock} or {@code mvn ocipkg:lock}: the references named and those that
 * jars or classes folders declare, locked against the lock file there is (none yet: an empty one),
 * the result written whole unless the mode is {@link LockMode#ERROR}.
 */
public final class LockFileUpdate {
  private LockFileUpdate() {}

  /**
   * What was asked for.
   *
   * @param file the lock file, read if it exists and (except in error mode) written
   * @param requested the references to lock, as {@link #declared} gathers them
   * @param mode how to bring the file up to date
   * @param regenerate the command for the file's header
   */
  public record Request(Path file, List<Declared> requested, LockMode mode, String regenerate) {}

  /**
   * The references named directly and those that jars and classes folders declare.
   *
   * @param namedBy where the direct references come from, for messages ({@code the command line})
   * @throws IOException if a jar or folder cannot be read
   */
  public static List<Declared> declared(List<String> references, String namedBy, List<Path> from)
      throws IOException {
    List<Declared> requested = new ArrayList<>();
    for (String reference : references) {
      requested.add(new Declared(reference, namedBy));
    }
    for (Path source : from) {
      requested.addAll(DeclaredReferences.in(source));
    }
    return requested;
  }

  /**
   * Runs {@code request}. In error mode the outcome's problems say whether the file is stale;
   * nothing is written either way.
   *
   * @throws dev.ocipkg.internal.lock.LockFileException if the lock file there is is malformed (it
   *     is left as it is)
   * @throws LockRequestException naming each reference that cannot be locked
   * @throws IOException if a registry cannot be asked, or the file cannot be read or written
   */
  public static Locker.Outcome run(Locker locker, Request request) throws IOException {
    LockFile existing =
        Files.exists(request.file())
            ? LockFileReader.read(request.file())
            : LockFile.empty(request.file().toString());
    Locker.Outcome outcome = locker.lock(existing, request.requested(), request.mode());
    if (request.mode() != LockMode.ERROR) {
      LockFileWriter.write(outcome.lock(), request.file(), request.regenerate());
    }
    return outcome;
  }
}
