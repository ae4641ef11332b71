package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.scan.ManifestImages;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 3 executable jar, made in the test by spring-boot-maven-plugin in a child {@code
 * mvn -B package}: the loader and JNA are nested jars in {@code BOOT-INF/lib}, the application's
 * classes in {@code BOOT-INF/classes}, all loaded by Boot's class loader from {@code jar:nested:}
 * URLs. The application calls the demo library through {@code NativeLoader.jna} and binds a JNI
 * class with {@code NativeLoader.loadJni}; the packages come from a local OCI layout.
 */
class BootJarIT {
  private static final String BOOT_PLUGIN_VERSION = "3.5.7";

  @TempDir static Path work;
  static Path bootJar;

  /** The reference that only a nested library jar's Ocipkg-Images names. */
  static String declared;

  @BeforeAll
  static void buildBootJar() throws Exception {
    Path files = Files.createDirectories(work.resolve("files"));
    NativeTestLibs.copyPackageTo(files);
    Path layout = work.resolve("layout");
    OciLayoutWriter.create()
        .tag("1")
        .platform(NativeTestLibs.platform(), LayerFiles.fromDirectory(files))
        .write(layout);
    String reference = "oci:" + layout + ":1";
    Path declaredLayout = work.resolve("declared-layout");
    OciLayoutWriter.create()
        .tag("1")
        .platform(NativeTestLibs.platform(), LayerFiles.fromDirectory(files))
        .write(declaredLayout);
    declared = "oci:" + declaredLayout + ":1";
    List<Path> libraries = new ArrayList<>(loaderJars());
    libraries.add(libraryJarDeclaring(declared));
    Path project = work.resolve("boot-app");
    write(project.resolve("pom.xml"), pom(libraries));
    write(
        project.resolve("src/main/java/app/Main.java"),
        "package app;\n"
            + "public final class Main {\n"
            + "  public static void main(String[] args) throws Exception {\n"
            + "    System.out.println(\"JNA \" + dev.ocipkg.NativeLoader.jna(Demo.class).demo_add(2, 3));\n"
            + "    System.out.println(\"JNI \" + dev.ocipkg.testlibs.JniDemo.add(2, 3) + \" \"\n"
            + "        + dev.ocipkg.testlibs.JniDemo.version());\n"
            + "    // The agent's prefetch of Ocipkg-Images runs in the background: give it time (8 s: a\n"
            + "    // loaded machine's JVM may take seconds to load the HTTP client).\n"
            + "    if (args.length > 0) Thread.sleep(Long.parseLong(args[0]));\n"
            + "  }\n"
            + "}\n");
    write(
        project.resolve("src/main/java/app/Demo.java"),
        "package app;\n"
            + "@dev.ocipkg.NativeImage(value = \""
            + reference
            + "\", library = \"ocipkg_demo\")\n"
            + "public interface Demo extends com.sun.jna.Library {\n"
            + "  int demo_add(int a, int b);\n"
            + "}\n");
    write(
        project.resolve("src/main/java/dev/ocipkg/testlibs/JniDemo.java"),
        "package dev.ocipkg.testlibs;\n"
            + "@dev.ocipkg.NativeImage(value = \""
            + reference
            + "\", library = \"ocipkg_jni_demo\")\n"
            + "public final class JniDemo {\n"
            + "  static {\n"
            + "    if (Boolean.getBoolean(\"app.loadJni\")) {\n"
            + "      dev.ocipkg.NativeLoader.loadJni(java.lang.invoke.MethodHandles.lookup());\n"
            + "    }\n"
            + "  }\n"
            + "  public static native int add(int a, int b);\n"
            + "  public static native String version();\n"
            + "}\n");
    mvn(project, "package");
    bootJar = project.resolve("target/boot-app-1.jar");
    assertThat(bootJar).isRegularFile();
  }

  @Test
  void bootJarCallsJnaAndLoadJniFromBootsClassLoader() throws Exception {
    String out = run(List.of("-Dapp.loadJni=true"), "plain");
    assertThat(out).contains("JNA 5").contains("JNI 5 " + NativeTestLibs.JNI_DEMO_VERSION);
  }

  @Test
  void withoutTheAgentOrLoadJniTheJniClassIsNotBound() throws Exception {
    assertThat(runFailing(List.of(), bootJar)).contains("UnsatisfiedLinkError");
  }

  @Test
  void javaagentBindsTheJniClassOfBootInfClassesAndPrefetchesNestedImages() throws Exception {
    String agent = "-javaagent:" + System.getProperty("ocipkg.agent.jar");
    String out = run(List.of(agent), "agent", "8000");
    assertThat(out).contains("JNA 5").contains("JNI 5 " + NativeTestLibs.JNI_DEMO_VERSION);
    assertThat(recorded(work.resolve("cache-agent"))).contains(declared);
  }

  @Test
  void launcherAgentClassInTheBootJarsManifest() throws Exception {
    // What a build does after repackage: the agent's classes at the jar's root (the system class
    // loader reads only those) and Launcher-Agent-Class in its manifest; jar --update keeps the
    // nested jars stored, as Boot needs them.
    Path jar = work.resolve("launcher-agent.jar");
    Files.copy(bootJar, jar);
    Path agentClasses = work.resolve("agent-classes");
    try (JarFile agentJar = new JarFile(System.getProperty("ocipkg.agent.jar"))) {
      for (JarEntry entry : Collections.list(agentJar.entries())) {
        String name = entry.getName();
        if (!entry.isDirectory() && !name.startsWith("META-INF/")) {
          Path target = agentClasses.resolve(name);
          Files.createDirectories(target.getParent());
          try (InputStream in = agentJar.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
    Path extra = work.resolve("launcher-agent.mf");
    Files.writeString(extra, "Launcher-Agent-Class: dev.ocipkg.agent.OcipkgAgent\n");
    ToolProvider jarTool = ToolProvider.findFirst("jar").orElseThrow();
    assertThat(
            jarTool.run(
                System.out,
                System.err,
                "--update",
                "--file",
                jar.toString(),
                "--manifest",
                extra.toString(),
                "-C",
                agentClasses.toString(),
                "."))
        .isZero();

    String out = run(List.of(), "launcher", jar, "8000");
    assertThat(out).contains("JNA 5").contains("JNI 5 " + NativeTestLibs.JNI_DEMO_VERSION);
    assertThat(recorded(work.resolve("cache-launcher"))).contains(declared);
  }

  private static List<String> recorded(Path cache) throws Exception {
    List<String> references = new ArrayList<>();
    for (ResolutionRecords.Listed r : new ResolutionRecords(new ContentStore(cache)).list()) {
      references.add(r.reference());
    }
    return references;
  }

  /** A library jar with no code whose manifest declares {@code reference} in Ocipkg-Images. */
  private static Path libraryJarDeclaring(String reference) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue(ManifestImages.ATTRIBUTE, reference);
    Path jar = work.resolve("declares-images-1.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("declares/README.txt"));
      out.write("declares a native image".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  /** The loader and its runtime libraries from this test's class path, as system dependencies. */
  private static List<Path> loaderJars() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (entry.endsWith(".jar")
          && name.matches(
              "(ocipkg-loader"
                  + "|commons-compress|commons-io|commons-lang3|commons-codec|zstd-jni|jna|jspecify)"
                  + "-[0-9].*")) {
        jars.add(Path.of(entry));
      }
    }
    assertThat(jars.toString()).contains("ocipkg-loader").contains("jna-");
    return jars;
  }

  private static String pom(List<Path> jars) {
    StringBuilder deps = new StringBuilder();
    int i = 0;
    for (Path jar : jars) {
      deps.append(
          "<dependency><groupId>it.local</groupId><artifactId>dep"
              + i++
              + "</artifactId><version>1</version><scope>system</scope><systemPath>"
              + jar
              + "</systemPath></dependency>\n");
    }
    String pin = "<plugin><artifactId>%s</artifactId><version>%s</version></plugin>\n";
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        + "<modelVersion>4.0.0</modelVersion>\n"
        + "<groupId>it.local</groupId><artifactId>boot-app</artifactId><version>1</version>\n"
        + "<properties><maven.compiler.release>17</maven.compiler.release>"
        + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>\n"
        + "<dependencies>\n"
        + deps
        + "</dependencies>\n"
        + "<build><pluginManagement><plugins>\n"
        + pin.formatted("maven-clean-plugin", "3.5.0")
        + pin.formatted("maven-resources-plugin", "3.3.1")
        + pin.formatted("maven-compiler-plugin", "3.14.0")
        + pin.formatted("maven-surefire-plugin", "3.5.4")
        + pin.formatted("maven-jar-plugin", "3.4.2")
        + "</plugins></pluginManagement><plugins>\n"
        + "<plugin><groupId>org.springframework.boot</groupId>"
        + "<artifactId>spring-boot-maven-plugin</artifactId><version>"
        + BOOT_PLUGIN_VERSION
        + "</version>\n"
        + "<executions><execution><goals><goal>repackage</goal></goals></execution></executions>\n"
        + "<configuration><mainClass>app.Main</mainClass>"
        + "<includeSystemScope>true</includeSystemScope></configuration></plugin>\n"
        + "</plugins></build></project>\n";
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void mvn(Path project, String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(mavenExecutable());
    command.add("-B");
    command.add("-q");
    command.add("-DskipTests");
    String repo = System.getProperty("ocipkg.it.m2");
    if (repo != null && !repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    command.addAll(List.of(goals));
    Path log = work.resolve("mvn.log");
    Process process =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mvn timed out: " + command);
    }
    assertThat(process.exitValue())
        .as("%s\n%s", command, Files.readString(log, StandardCharsets.UTF_8))
        .isZero();
  }

  private static String mavenExecutable() {
    String mavenHome = System.getProperty("maven.home");
    if (mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
      return Path.of(mavenHome, "bin", "mvn").toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "mvn");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException("mvn is not on the PATH");
  }

  private static String run(List<String> options, String cache, String... args) throws Exception {
    return run(options, cache, bootJar, args);
  }

  /** {@code java [options] -jar JAR [args]} with its own cache; it must succeed. */
  private static String run(List<String> options, String cache, Path jar, String... args)
      throws Exception {
    Result result = start(options, cache, jar, args);
    assertThat(result.exitCode).as(result.output).isZero();
    return result.output;
  }

  private static String runFailing(List<String> options, Path jar) throws Exception {
    Result result = start(options, "failing", jar);
    assertThat(result.exitCode).as(result.output).isNotZero();
    return result.output;
  }

  private record Result(int exitCode, String output) {}

  private static Result start(List<String> options, String cache, Path jar, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Docipkg.cache.dir=" + work.resolve("cache-" + cache));
    command.addAll(options);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path out = work.resolve("run-" + cache + ".txt");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the Boot jar did not finish in 60 s");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
