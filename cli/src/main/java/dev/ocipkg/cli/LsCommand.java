package dev.ocipkg.cli;

import dev.ocipkg.internal.publish.CacheInventory;
import dev.ocipkg.internal.store.ResolutionRecords;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;

/** {@code ocipkg ls}: the packages in the cache. */
@Command(
    name = "ls",
    description = {
      "List the packages in the cache: manifest digest, size, last use (file access or registry",
      "check, whichever is later), and the references and platforms that resolve to each."
    })
final class LsCommand extends Subcommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Override
  void run(Context context) throws Exception {
    CacheInventory inventory = new CacheInventory(context.settings().loaderConfig(null).cacheDir());
    context.output().info("cache " + inventory.root());
    context
        .output()
        .result(
            String.format(
                "%-19s  %10s  %-16s  %s", "PACKAGE", "SIZE", "LAST USED (UTC)", "REFERENCES"));
    long total = 0;
    for (CacheInventory.CachedPackage p : inventory.list()) {
      total += p.size();
      StringBuilder refs = new StringBuilder();
      for (ResolutionRecords.Listed r : p.references()) {
        refs.append(refs.length() == 0 ? "" : ", ")
            .append(r.reference())
            .append(" (")
            .append(r.record().platform())
            .append(')');
      }
      context
          .output()
          .result(
              String.format(
                  "%-19s  %10s  %-16s  %s",
                  Sizes.shortDigest(p.manifest()),
                  Sizes.of(p.size()),
                  p.lastUsed().equals(Instant.EPOCH)
                      ? "-"
                      : TIME.format(p.lastUsed().truncatedTo(ChronoUnit.MINUTES)),
                  refs.length() == 0 ? "(none: 'ocipkg gc' removes it)" : refs));
    }
    context.output().info("total " + Sizes.of(total));
  }
}
