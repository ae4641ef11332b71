package dev.ocipkg.agent;

import dev.ocipkg.internal.scan.ManifestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * An application jar built by the test, as a user would build theirs: a class with only {@code
 * native} methods and {@code @NativeImage} (named {@code dev.ocipkg.testlibs.JniDemo}, so the JNI
 * test library's functions bind to it), no ocipkg code at all, and an {@code Ocipkg-Images}
 * manifest entry. The reference names a registry host that does not exist; the tests map it to the
 * harness registry with {@code -Docipkg.mirrors}, as a fleet would map ghcr.io to its mirror.
 */
final class TestApplication {
  static final String REFERENCE = "registry.ocipkg.test/acme/jni:1";

  private static final String JNI_CLASS =
      "package dev.ocipkg.testlibs;\n"
          + "@dev.ocipkg.NativeImage(value = \""
          + REFERENCE
          + "\", library = \"ocipkg_jni_demo\")\n"
          + "public final class JniDemo {\n"
          + "  public static native int add(int a, int b);\n"
          + "  public static native String version();\n"
          + "  public static native boolean onLoadRan();\n"
          + "}\n";

  private static final String MAIN =
      "package app;\n"
          + "import java.lang.management.ManagementFactory;\n"
          + "import java.net.URL;\n"
          + "import java.net.URLClassLoader;\n"
          + "public final class Main {\n"
          + "  public static void main(String[] args) throws Exception {\n"
          + "    long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();\n"
          + "    System.out.println(\"main started after \" + sinceStart + \" ms\");\n"
          + "    switch (args.length == 0 ? \"call\" : args[0]) {\n"
          + "      case \"nothing\":\n"
          + "        return;\n"
          + "      case \"wait\":\n"
          + "        Thread.sleep(args.length > 1 ? Long.parseLong(args[1]) * 1000 : 5000);\n"
          + "        System.out.println(\"main done\");\n"
          + "        return;\n"
          + "      case \"okhttp\":\n"
          + "        System.out.println(\"own OkHttp \" + okhttp3.OkHttp.VERSION);\n"
          + "        new okhttp3.OkHttpClient.Builder().build();\n"
          + "        System.out.println(\"JNI \" + dev.ocipkg.testlibs.JniDemo.add(2, 3));\n"
          + "        return;\n"
          + "      case \"two-loaders\":\n"
          + "        URL jar = Main.class.getProtectionDomain().getCodeSource().getLocation();\n"
          + "        for (int i = 1; i <= 2; i++) {\n"
          + "          ClassLoader isolated = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());\n"
          + "          Class<?> c = Class.forName(\"dev.ocipkg.testlibs.JniDemo\", true, isolated);\n"
          + "          Object sum = c.getMethod(\"add\", int.class, int.class).invoke(null, i, 40);\n"
          + "          System.out.println(\"loader \" + i + \" JNI \" + sum + \" \" + (c.getClassLoader() == isolated));\n"
          + "        }\n"
          + "        return;\n"
          + "      default:\n"
          + "        System.out.println(\"JNI \" + dev.ocipkg.testlibs.JniDemo.add(2, 3) + \" \" + dev.ocipkg.testlibs.JniDemo.version());\n"
          + "    }\n"
          + "  }\n"
          + "}\n";

  private TestApplication() {}

  /**
   * Compiles and jars the application; {@code compileClassPath} must hold the annotation (and the
   * application's own OkHttp).
   */
  static Path build(Path work, String compileClassPath) throws IOException {
    Path sources = Files.createDirectories(work.resolve("app-src"));
    Path jniSource = sources.resolve("dev/ocipkg/testlibs/JniDemo.java");
    Path mainSource = sources.resolve("app/Main.java");
    Files.createDirectories(jniSource.getParent());
    Files.createDirectories(mainSource.getParent());
    Files.writeString(jniSource, JNI_CLASS, StandardCharsets.UTF_8);
    Files.writeString(mainSource, MAIN, StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(work.resolve("app-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int result =
        javac.run(
            null,
            null,
            null,
            "--release",
            "17",
            "-cp",
            compileClassPath,
            "-d",
            classes.toString(),
            jniSource.toString(),
            mainSource.toString());
    if (result != 0) {
      throw new IllegalStateException("the test application did not compile");
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Main");
    manifest.getMainAttributes().putValue(ManifestImages.ATTRIBUTE, REFERENCE);
    Path jar = work.resolve("app.jar");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      for (Path f : files) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, jarOut);
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}
