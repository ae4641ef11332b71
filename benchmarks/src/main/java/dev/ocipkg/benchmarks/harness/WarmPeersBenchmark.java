package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.probe.PeerLoadProbe;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 15, item 2: a warm load against plain {@code Native.load(file)} and against the other ways
 * of shipping a native library with Java code, each loading the same library in a fresh JVM on the
 * same class path: JNA extracting it from a jar on the class path, JavaCPP's {@code
 * Loader.loadLibrary} (which caches what it extracts), scijava's native-lib-loader (which extracts
 * on every start). For the small {@code libocipkg_demo.so} and for the 16 MiB codec library of
 * {@link ColdSmallPackageBenchmark}. Every round runs all variants, in a rotated order.
 */
final class WarmPeersBenchmark {
  private static final int ROUNDS = 15;
  private static final double FILE_TARGET = 1.03;

  private static final int JNA_FILE = 0;
  private static final int OCIPKG_JNA = 1;
  private static final int JNA_JAR = 2;
  private static final int SYSTEM_LOAD = 3;
  private static final int OCIPKG_JNI = 4;
  private static final int JAVACPP = 5;
  private static final int SCIJAVA = 6;
  private static final String[] LABELS = {
    "JNA `Native.load(file)`",
    "ocipkg `load(ref).jna(…)`",
    "JNA, extracting from a jar on the class path",
    "`System.load(file)`",
    "ocipkg `load(ref).loadJni(…)`",
    "JavaCPP `Loader.loadLibrary`, from a jar on the class path",
    "scijava native-lib-loader, from a jar on the class path",
  };

  private final Bench bench;

  WarmPeersBenchmark(Bench bench) {
    this.bench = bench;
  }

  /** One library of the package: its ocipkg name and its file in the warm cache. */
  private record Library(String label, String name, Path cached, String idPrefix) {}

  Section run() throws IOException {
    Path cache = bench.workFile("peers-cache");
    String reference =
        bench.digestReference(Bench.SMALL_PACKAGE, bench.fixtures.smallPackage().indexDigest());
    String manifest = bench.fixtures.smallPackage().manifest(NativeTestLibs.platform()).digest();
    String codecName = codecName();
    List<Library> libraries = new ArrayList<>();
    libraries.add(
        new Library(
            "`libocipkg_demo.so` (16 KiB)",
            "ocipkg_demo",
            WarmCache.packageFile(cache, manifest, "libocipkg_demo.so"),
            "2c"));
    Map<String, Path> jarred = new LinkedHashMap<>();
    jarred.put("ocipkg_demo", NativeTestLibs.demo());
    if (bench.fixtures.codec().loadable()) {
      libraries.add(
          new Library(
              "`" + bench.fixtures.codec().fileName() + "` (16 MiB)",
              codecName,
              WarmCache.packageFile(cache, manifest, bench.fixtures.codec().fileName()),
              "2g"));
      jarred.put(codecName, bench.fixtures.codec().file());
    }
    Path jar = bench.workFile("peers.jar");
    PeerJar.write(jar, jarred);
    JavaLauncher java =
        bench.java.withClassPath(bench.options.peerClassPath() + File.pathSeparator + jar);
    List<String> options =
        List.of(
            "-Docipkg.cache.dir=" + cache,
            "-Dorg.bytedeco.javacpp.cachedir=" + bench.workFile("javacpp-cache"));

    List<ResultRow> rows = new ArrayList<>();
    StringBuilder details =
        new StringBuilder(
            "Each variant is a fresh JVM running `PeerLoadProbe MODE NAME TARGET`; all of them"
                + " get the same class path (the probe class path, JavaCPP "
                + "and native-lib-loader, and `peers.jar`, which holds the libraries where JNA,"
                + " native-lib-loader and JavaCPP look for them) and the same options"
                + " (`-Docipkg.cache.dir`, `-Dorg.bytedeco.javacpp.cachedir`). The ocipkg cache"
                + " holds the package (digest-pinned reference), JavaCPP's cache its extracted"
                + " copy (from the warm-up run), so both are warm; JNA and native-lib-loader"
                + " extract the library again on every start, which is what they do. The JNA"
                + " variants are compared with ocipkg's `jna`, the `System.load` ones (JavaCPP,"
                + " native-lib-loader) with ocipkg's `loadJni`. Time: the whole process.\n\n");
    for (Library library : libraries) {
      rows.addAll(measure(java, options, reference, library, details));
    }
    if (!bench.fixtures.codec().loadable()) {
      rows.add(
          ResultRow.notMeasured(
              "2g",
              "Warm load of the 16 MiB library vs the peers",
              "not measured: " + bench.fixtures.codec().source(),
              "<= 1.03x, ahead of the peers"));
    }
    return new Section("2p. Warm load against the peers", rows, details.toString());
  }

  private String codecName() {
    String file = bench.fixtures.codec().fileName(); // libx265.so.199
    String name = file.startsWith("lib") ? file.substring(3) : file;
    int so = name.indexOf(".so");
    return so > 0 ? name.substring(0, so) : name;
  }

  private List<ResultRow> measure(
      JavaLauncher java,
      List<String> options,
      String reference,
      Library library,
      StringBuilder details)
      throws IOException {
    String resource = "/" + PeerJar.javacppFolder() + System.mapLibraryName(library.name());
    List<List<String>> variants = new ArrayList<>();
    String file = library.cached().toString();
    variants.add(command(java, options, "jna-file", library.name(), file));
    variants.add(command(java, options, "ocipkg-jna", library.name(), reference));
    variants.add(command(java, options, "jna-jar", library.name(), "-"));
    variants.add(command(java, options, "system-load", library.name(), file));
    variants.add(command(java, options, "ocipkg-jni", library.name(), reference));
    variants.add(command(java, options, "javacpp", library.name(), resource));
    variants.add(command(java, options, "scijava", library.name(), "-"));
    List<String> loaderNames = new ArrayList<>(bench.options.compareLoaders().keySet());
    for (Path loader : bench.options.compareLoaders().values()) {
      JavaLauncher other = java.withLoaderJar(loader);
      variants.add(command(other, options, "ocipkg-jna", library.name(), reference));
      variants.add(command(other, options, "ocipkg-jni", library.name(), reference));
    }
    bench.processes.run(variants.get(OCIPKG_JNA)).checked(); // fills the ocipkg cache
    for (List<String> variant : variants) { // and JavaCPP's; checks every mode
      bench.processes.run(variant).checked();
    }
    if (!Files.isRegularFile(library.cached())) {
      throw new IllegalStateException("the warm cache has no " + library.cached());
    }

    List<Samples> millis = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      millis.add(new Samples());
    }
    Samples versusFile = new Samples();
    Samples versusJnaJar = new Samples();
    Samples versusJavacpp = new Samples();
    Samples versusScijava = new Samples();
    int rounds = bench.options.rounds(ROUNDS);
    bench.log("warm peers, " + library.name() + ": " + rounds + " rounds");
    for (int round = 1; round <= rounds; round++) {
      double[] ms = new double[variants.size()];
      for (int i = 0; i < variants.size(); i++) {
        int variant = (i + round) % variants.size();
        ms[variant] = bench.processes.run(variants.get(variant)).checked().wallMillis();
      }
      for (int i = 0; i < ms.length; i++) {
        millis.get(i).add(ms[i]);
        bench.samples.add("warm-peers-" + library.name(), mode(i, loaderNames), round, ms[i], "ms");
      }
      versusFile.add(ms[OCIPKG_JNA] / ms[JNA_FILE]);
      versusJnaJar.add(ms[OCIPKG_JNA] / ms[JNA_JAR]);
      versusJavacpp.add(ms[OCIPKG_JNI] / ms[JAVACPP]);
      versusScijava.add(ms[OCIPKG_JNI] / ms[SCIJAVA]);
    }

    details.append("**").append(library.label()).append("**\n\n").append(DetailTable.HEADER);
    for (int i = 0; i < MODES.length; i++) {
      details.append(DetailTable.row(LABELS[i] + " (ms)", millis.get(i), 0));
    }
    details.append('\n').append(comparedLoaders(loaderNames, millis));
    String prefix = library.idPrefix().substring(0, 1);
    char letter = library.idPrefix().charAt(1);
    String what = "Warm load of " + library.label() + ", whole JVM: ocipkg vs ";
    return List.of(
        row(
            prefix + letter,
            what + "`Native.load(file)`",
            millis,
            OCIPKG_JNA,
            JNA_FILE,
            versusFile,
            FILE_TARGET),
        row(
            prefix + (char) (letter + 1),
            what + "JNA from a jar",
            millis,
            OCIPKG_JNA,
            JNA_JAR,
            versusJnaJar,
            1.0),
        row(
            prefix + (char) (letter + 2),
            what + "JavaCPP",
            millis,
            OCIPKG_JNI,
            JAVACPP,
            versusJavacpp,
            1.0),
        row(
            prefix + (char) (letter + 3),
            what + "native-lib-loader",
            millis,
            OCIPKG_JNI,
            SCIJAVA,
            versusScijava,
            1.0));
  }

  /**
   * The loaders of {@code --compare-loaders}, which ran their {@code jna} and {@code loadJni}
   * variants in the same rounds (after the seven above, in the same rotation): each one's medians
   * next to this loader's, and the per-round ratios that are free of the machine's load. Markdown,
   * empty without such loaders.
   */
  private static String comparedLoaders(List<String> names, List<Samples> millis) {
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder table =
        new StringBuilder(
            "Loaders compared in the same rounds (`--compare-loaders`, order rotating with the"
                + " variants above):\n\n"
                + DetailTable.HEADER);
    table.append(
        DetailTable.row("this loader, " + LABELS[OCIPKG_JNA] + " (ms)", millis.get(OCIPKG_JNA), 0));
    table.append(
        DetailTable.row("this loader, " + LABELS[OCIPKG_JNI] + " (ms)", millis.get(OCIPKG_JNI), 0));
    for (int n = 0; n < names.size(); n++) {
      Samples jna = millis.get(MODES.length + 2 * n);
      Samples jni = millis.get(MODES.length + 2 * n + 1);
      table.append(DetailTable.row(names.get(n) + ", " + LABELS[OCIPKG_JNA] + " (ms)", jna, 0));
      table.append(DetailTable.row(names.get(n) + ", " + LABELS[OCIPKG_JNI] + " (ms)", jni, 0));
      table.append(
          DetailTable.row(
              names.get(n) + ", `jna` / " + LABELS[JNA_FILE] + " (per round)",
              ratios(jna, millis.get(JNA_FILE)),
              2));
      table.append(
          DetailTable.row(
              names.get(n) + ", `loadJni` / " + LABELS[SYSTEM_LOAD] + " (per round)",
              ratios(jni, millis.get(SYSTEM_LOAD)),
              2));
      // The two loaders against each other, round by round: the most direct answer to whether
      // a change of the loader moved the warm load.
      table.append(
          DetailTable.row(
              "this loader / " + names.get(n) + ", `jna` (per round)",
              ratios(millis.get(OCIPKG_JNA), jna),
              2));
      table.append(
          DetailTable.row(
              "this loader / " + names.get(n) + ", `loadJni` (per round)",
              ratios(millis.get(OCIPKG_JNI), jni),
              2));
    }
    table.append(
        DetailTable.row(
            "this loader, `jna` / " + LABELS[JNA_FILE] + " (per round)",
            ratios(millis.get(OCIPKG_JNA), millis.get(JNA_FILE)),
            2));
    table.append(
        DetailTable.row(
            "this loader, `loadJni` / " + LABELS[SYSTEM_LOAD] + " (per round)",
            ratios(millis.get(OCIPKG_JNI), millis.get(SYSTEM_LOAD)),
            2));
    return table.append('\n').toString();
  }

  /** {@code a[i] / b[i]} per round. */
  private static Samples ratios(Samples a, Samples b) {
    Samples ratio = new Samples();
    for (int i = 0; i < a.size(); i++) {
      ratio.add(a.get(i) / b.get(i));
    }
    return ratio;
  }

  /** The sample name of variant {@code i}: its mode, or the compared loader's name and mode. */
  private static String mode(int i, List<String> loaderNames) {
    if (i < MODES.length) {
      return MODES[i];
    }
    int n = (i - MODES.length) / 2;
    return loaderNames.get(n) + ((i - MODES.length) % 2 == 0 ? "-ocipkg-jna" : "-ocipkg-jni");
  }

  private static final String[] MODES = {
    "jna-file", "ocipkg-jna", "jna-jar", "system-load", "ocipkg-jni", "javacpp", "scijava"
  };

  private static ResultRow row(
      String id,
      String measure,
      List<Samples> millis,
      int ocipkg,
      int peer,
      Samples ratio,
      double target) {
    return new ResultRow(
        id,
        measure,
        Units.millis(millis.get(ocipkg).median()) + " (" + LABELS[ocipkg] + ")",
        Units.millis(millis.get(peer).median()) + " (" + LABELS[peer] + ")",
        ratio.spread(),
        target == 1.0 ? "<= 1.00x (ahead)" : "<= " + Units.fixed(target, 2) + "x",
        target,
        Verdict.atMost(ratio.median(), target));
  }

  private static List<String> command(
      JavaLauncher java, List<String> options, String mode, String name, String target) {
    return java.command(options, PeerLoadProbe.class, mode, name, target);
  }
}
