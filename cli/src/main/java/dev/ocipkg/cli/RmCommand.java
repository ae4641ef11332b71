package dev.ocipkg.cli;

import dev.ocipkg.internal.publish.CacheInventory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocipkg rm}: references or packages out of the cache. */
@Command(
    name = "rm",
    description = {
      "Remove references (every platform) or digests from the cache, and the packages that no",
      "other reference then uses. Blobs stay until 'ocipkg gc'."
    })
final class RmCommand extends Subcommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "REFERENCE|DIGEST",
      description = "A reference as it was loaded, or a manifest or index digest.")
  List<String> targets;

  @Override
  void run(Context context) throws Exception {
    CacheInventory inventory = new CacheInventory(context.settings().loaderConfig(null).cacheDir());
    boolean missed = false;
    for (String target : targets) {
      CacheInventory.Removed removed = inventory.remove(target);
      if (removed.records() == 0 && removed.packages().isEmpty()) {
        context.output().info("nothing in the cache matches " + target);
        missed = true;
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
    if (missed) {
      throw new IllegalStateException("some of " + targets + " are not in the cache");
    }
  }
}
