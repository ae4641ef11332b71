package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.probe.WarmLoadProbe;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cache holding the demo package, reached both by a digest-pinned reference and by a tag whose
 * record is fresh (the default TTL is an hour), so that loads from it take the warm path.
 *
 * @param library the package's {@code libocipkg_demo.so}: the very file the plain load opens
 */
record WarmCache(Path directory, String digestReference, String tagReference, Path library) {

  /** Fills {@code directory} by loading both references once (the cold loads are not timed). */
  static WarmCache prepare(Bench bench, Path directory) throws IOException {
    String digest = bench.fixtures.demo().indexDigest();
    String manifest = bench.fixtures.demo().manifest(NativeTestLibs.platform()).digest();
    WarmCache cache =
        new WarmCache(
            directory,
            bench.digestReference(Bench.DEMO, digest),
            bench.tagReference(Bench.DEMO),
            packageFile(directory, manifest, "libocipkg_demo.so"));
    bench.processes.run(cache.ocipkgLoad(bench, cache.digestReference, List.of())).checked();
    bench.processes.run(cache.ocipkgLoad(bench, cache.tagReference, List.of())).checked();
    if (!Files.isRegularFile(cache.library)) {
      throw new IllegalStateException("the warm cache has no " + cache.library);
    }
    return cache;
  }

  /** Where a cache in {@code directory} keeps {@code file} of the package of {@code manifest}. */
  static Path packageFile(Path directory, String manifest, String file) {
    return directory
        .resolve("packages")
        .resolve("sha256")
        .resolve(manifest.substring("sha256:".length()))
        .resolve(file);
  }

  /** {@link WarmLoadProbe} loading {@code reference} through ocipkg from this cache. */
  List<String> ocipkgLoad(Bench bench, String reference, List<String> jvmOptions) {
    return ocipkgLoad(bench.java, reference, jvmOptions);
  }

  /** As {@link #ocipkgLoad(Bench, String, List)}, started by {@code java} (another loader jar). */
  List<String> ocipkgLoad(JavaLauncher java, String reference, List<String> jvmOptions) {
    return java.command(options(jvmOptions), WarmLoadProbe.class, "ocipkg", reference);
  }

  /** {@link WarmLoadProbe} loading {@link #library} straight through JNA. */
  List<String> fileLoad(Bench bench, List<String> jvmOptions) {
    return fileLoad(bench.java, jvmOptions);
  }

  /** As {@link #fileLoad(Bench, List)}, started by {@code java}. */
  List<String> fileLoad(JavaLauncher java, List<String> jvmOptions) {
    return java.command(options(jvmOptions), WarmLoadProbe.class, "file", library.toString());
  }

  /** Both variants get the same options, so that only the way of loading differs. */
  private List<String> options(List<String> extra) {
    List<String> options = new ArrayList<>();
    options.add("-Docipkg.cache.dir=" + directory);
    options.addAll(extra);
    return options;
  }
}
