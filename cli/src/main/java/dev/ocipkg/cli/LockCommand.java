package dev.ocipkg.cli;

import dev.ocipkg.internal.lock.LockFile;
import dev.ocipkg.internal.lock.LockFileException;
import dev.ocipkg.tools.lock.LockFileUpdate;
import dev.ocipkg.tools.lock.LockMode;
import dev.ocipkg.tools.lock.Locker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg lock}: tags pinned to the digests they name now, in a file for source control. */
@Command(
    name = "lock",
    description = {
      "Pin tags to the digests they name now: each reference to its index (or single manifest)"
          + " digest and the platform manifest digests in it, sorted, in a lock file meant for"
          + " source control.",
      "The loader honours it (ocipkg.lock.file / OCIPKG_LOCK_FILE, or META-INF/ocipkg.lock on"
          + " the class path): a locked tag loads its locked digest, whatever the registry serves"
          + " for the tag now.",
      "Modes: update (default) keeps the pins of references still named, resolves the new ones"
          + " and drops the unused; refresh resolves every reference again; error writes nothing"
          + " and exits 1 naming each reference the file lacks, each entry no longer named, and"
          + " each entry whose platform manifests are not those of the digest it pins (read by"
          + " that digest, so a tag moved since is not an error). error needs the registries of"
          + " the entries it checks."
    })
final class LockCommand extends Subcommand {
  @Parameters(
      arity = "0..*",
      paramLabel = "REFERENCE",
      description = "HOST/REPOSITORY:TAG to lock, as the application names it.")
  List<String> references = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "The lock file (default: ocipkg.lock).")
  Path output = Path.of(LockFile.FILE_NAME);

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "update (default), refresh, or error (for CI).")
  String mode = "update";

  @Option(
      names = "--from",
      paramLabel = "JAR_OR_CLASSES_DIR",
      description =
          "Also lock what a jar or classes folder declares: Ocipkg-Images manifest entries and"
              + " @NativeImage classes (repeatable).")
  List<Path> from = new ArrayList<>();

  @Override
  void run(Context context) throws Exception {
    LockMode lockMode;
    try {
      lockMode = LockMode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (references.isEmpty() && from.isEmpty()) {
      throw usage(
          "name the references to lock, or --from a jar or classes folder that declares them");
    }
    String regenerate = "ocipkg lock -o " + output + " --mode refresh" + fromArguments();
    Locker.Outcome outcome;
    try {
      outcome =
          LockFileUpdate.run(
              new Locker(context.settings().loaderConfig(null)),
              new LockFileUpdate.Request(
                  output,
                  LockFileUpdate.declared(references, "the command line", from),
                  lockMode,
                  regenerate));
    } catch (LockFileException e) {
      throw new CommandFailedException(
          e.getMessage(),
          "fix it, or delete it and run ocipkg lock again to write it afresh; it was not changed");
    }
    Output out = context.output();
    outcome.skipped().forEach(r -> out.info("skipped " + r + ": pinned by digest already"));
    if (lockMode == LockMode.ERROR) {
      if (!outcome.problems().isEmpty()) {
        throw new CommandFailedException(
            output + " is not up to date:\n  " + String.join("\n  ", outcome.problems()),
            "run ocipkg lock -o " + output + fromArguments() + " and commit the lock file");
      }
      out.info(output + " is up to date (" + outcome.lock().images().size() + " images)");
      return;
    }
    outcome.added().forEach(r -> out.result("added   " + r));
    outcome.changed().forEach(r -> out.result("changed " + r));
    outcome.dropped().forEach(r -> out.result("dropped " + r));
    out.info("wrote " + output + " (" + outcome.lock().images().size() + " images)");
  }

  private String fromArguments() {
    StringBuilder s = new StringBuilder();
    for (Path p : from) {
      s.append(" --from ").append(p);
    }
    for (String r : references) {
      s.append(' ').append(r);
    }
    return s.toString();
  }
}
