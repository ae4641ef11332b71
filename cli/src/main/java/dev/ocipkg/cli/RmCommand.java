package dev.ocipkg.cli;

import dev.ocipkg.tools.cache.CacheInventory;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocipkg rm}: references or packages out of the cache. */
@Command(
    name = "rm",
    description = {
      "Remove references or digests from the cache.",
      "A reference goes with every platform, and so do the packages that no other reference",
      "then uses. A digest may be shortened to the 12 or more hex digits that 'ocipkg ls'",
      "prints. Blobs stay until 'ocipkg gc'."
    })
final class RmCommand extends Subcommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "REFERENCE|DIGEST",
      description =
          "A reference as it was loaded, or a manifest or index digest (12 or more hex digits"
              + " are enough where they name one).")
  List<String> targets;

  @Override
  void run(Context context) throws Exception {
    CacheInventory inventory = new CacheInventory(context.settings().loaderConfig(null));
    List<String> missed = new ArrayList<>();
    for (String target : targets) {
      CacheInventory.Removed removed;
      try {
        removed = inventory.remove(target);
      } catch (IllegalArgumentException ambiguous) {
        throw usage(ambiguous.getMessage());
      }
      if (removed.records() == 0 && removed.packages().isEmpty()) {
        missed.add(target);
        continue;
      }
      context
          .output()
          .result(
              "removed "
                  + target
                  + ": "
                  + removed.records()
                  + " records, "
                  + removed.packages().size()
                  + " packages, "
                  + Sizes.of(removed.bytes()));
    }
    if (!missed.isEmpty()) {
      throw new CommandFailedException(
          "not in the cache: " + String.join(", ", missed),
          "'ocipkg ls' lists what the cache holds; rm takes a reference as it was loaded, or a"
              + " digest (12 or more hex digits)");
    }
  }
}
