package dev.ocipkg.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.tools.cache.CacheInventory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ocipkg ls}: the packages in the cache. */
@Command(
    name = "ls",
    description = {
      "List the packages in the cache.",
      "Each with its manifest digest, size, last use (file access or registry check, whichever",
      "is later), and the references and platforms that resolve to it."
    })
final class LsCommand extends Subcommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Option(
      names = "--json",
      description = {
        "Print a JSON array instead: per package its full manifest digest, size in bytes,",
        "lastUsed (ISO-8601, null if never), cache (its folder), readOnly, and references",
        "with their platforms."
      })
  boolean json;

  @Override
  void run(Context context) throws Exception {
    CacheInventory inventory = new CacheInventory(context.settings().loaderConfig(null));
    if (json) {
      context.output().result(json(inventory.list()));
      return;
    }
    context.output().info("cache " + inventory.root());
    for (Path layer : inventory.readOnlyRoots()) {
      context.output().info("read-only cache " + layer + " (searched first; rm and gc leave it)");
    }
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
                  (p.readOnly() ? "[read-only " + p.cache() + "] " : "")
                      + (refs.length() == 0
                          ? p.readOnly() ? "(none)" : "(none: 'ocipkg gc' removes it)"
                          : refs)));
    }
    context.output().info("total " + Sizes.of(total));
  }

  private static String json(List<CacheInventory.CachedPackage> packages) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (CacheInventory.CachedPackage p : packages) {
      ObjectNode node = list.addObject();
      node.put("manifest", p.manifest().toString());
      node.put("size", p.size());
      node.put("cache", p.cache().toString());
      node.put("readOnly", p.readOnly());
      if (p.lastUsed().equals(Instant.EPOCH)) {
        node.putNull("lastUsed");
      } else {
        node.put("lastUsed", p.lastUsed().toString());
      }
      ArrayNode refs = node.putArray("references");
      for (ResolutionRecords.Listed r : p.references()) {
        refs.addObject()
            .put("reference", r.reference())
            .put("platform", r.record().platform().toString());
      }
    }
    return list.toPrettyString();
  }
}
