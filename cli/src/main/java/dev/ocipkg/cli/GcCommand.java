package dev.ocipkg.cli;

import dev.ocipkg.tools.cache.CacheInventory;
import picocli.CommandLine.Command;

/** {@code ocipkg gc}: what no record points at, out of the cache. */
@Command(
    name = "gc",
    description = {
      "Collect the garbage of the cache.",
      "That is: packages and blobs that no reference resolves to, records whose package is gone,",
      "and what killed processes left in tmp/."
    })
final class GcCommand extends Subcommand {
  @Override
  void run(Context context) throws Exception {
    CacheInventory.Removed removed =
        new CacheInventory(context.settings().loaderConfig(null)).collect();
    context
        .output()
        .result(
            "removed "
                + removed.records()
                + " records, "
                + removed.packages().size()
                + " packages, "
                + removed.blobs()
                + " blobs, "
                + Sizes.of(removed.bytes()));
  }
}
