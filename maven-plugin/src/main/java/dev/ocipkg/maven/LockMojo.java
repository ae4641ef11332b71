package dev.ocipkg.maven;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.lock.LockFile;
import dev.ocipkg.internal.lock.LockFileException;
import dev.ocipkg.internal.scan.DeclaredReferences.Declared;
import dev.ocipkg.internal.scan.ManifestImages;
import dev.ocipkg.tools.lock.LockFileUpdate;
import dev.ocipkg.tools.lock.LockMode;
import dev.ocipkg.tools.lock.Locker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Writes the lock file: every tag the project's compiled classes name in {@code @NativeImage}, its
 * {@code Ocipkg-Images} manifest entry (the {@code maven-jar-plugin}'s {@code
 * <archive><manifestEntries>}) and {@code <references>} names, pinned to the index digest it names
 * now and the platform manifest digests in it. With {@code intoJar} a copy goes to {@code
 * target/classes/META-INF/ocipkg.lock}, where the loader finds it on the class path.
 *
 * <p>Modes ({@code -Docipkg.lock.mode=}): {@code update} (default) keeps the pins of references
 * still named, resolves new ones and drops the unused; {@code refresh} resolves every reference
 * again; {@code error} writes nothing and fails the build naming each reference the file lacks,
 * each entry no longer named, and each entry whose platform manifests are not those of the digest
 * it pins (read by that digest: a tag moved since is not an error). For CI.
 */
@Mojo(name = "lock", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class LockMojo extends AbstractRegistryMojo {
  private static final String JAR_PLUGIN = "org.apache.maven.plugins:maven-jar-plugin";

  /** The lock file, meant for source control. */
  @Parameter(property = "ocipkg.lock.output", defaultValue = "${project.basedir}/ocipkg.lock")
  File output;

  /** {@code update}, {@code refresh} or {@code error}. */
  @Parameter(property = "ocipkg.lock.mode", defaultValue = "update")
  String mode;

  /** Also place a copy at {@code META-INF/ocipkg.lock} in the classes folder, so in the jar. */
  @Parameter(property = "ocipkg.lock.intoJar", defaultValue = "false")
  boolean intoJar;

  /** More references to lock, one per {@code <reference>}: {@code HOST/REPOSITORY:TAG}. */
  @Parameter List<String> references;

  /** The compiled classes whose {@code @NativeImage} annotations are locked. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("ocipkg:lock skipped");
      return;
    }
    LockMode lockMode;
    try {
      lockMode = LockMode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<mode> / -Docipkg.lock.mode: " + e.getMessage());
    }
    Path file = output.toPath();
    Locker.Outcome outcome;
    try {
      List<Declared> requested =
          LockFileUpdate.declared(
              references == null ? List.of() : references, "<references>", classesFolder());
      requested.addAll(manifestEntries());
      outcome =
          LockFileUpdate.run(
              new Locker(sources(hosts(requested)).config()),
              new LockFileUpdate.Request(
                  file, requested, lockMode, "mvn ocipkg:lock -Docipkg.lock.mode=refresh"));
    } catch (LockFileException e) {
      throw new MojoFailureException(
          e.getMessage() + " (it was not changed; fix it, or delete it to write it afresh)", e);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("ocipkg:lock failed: " + e.getMessage(), e);
    }
    outcome.skipped().forEach(r -> getLog().info("Skipped " + r + ": pinned by digest already"));
    if (lockMode == LockMode.ERROR) {
      if (!outcome.problems().isEmpty()) {
        throw new MojoFailureException(
            file
                + " is not up to date:\n  "
                + String.join("\n  ", outcome.problems())
                + "\nRun mvn ocipkg:lock and commit the lock file.");
      }
      getLog().info(file + " is up to date (" + outcome.lock().images().size() + " images)");
    } else {
      outcome.added().forEach(r -> getLog().info("Locked " + r));
      outcome.changed().forEach(r -> getLog().info("Changed " + r));
      outcome.dropped().forEach(r -> getLog().info("Dropped " + r));
      getLog().info("Wrote " + file + " (" + outcome.lock().images().size() + " images)");
    }
    if (intoJar) {
      copyIntoClasses(file);
    }
  }

  private List<Path> classesFolder() {
    return classesDirectory != null && classesDirectory.isDirectory()
        ? List.of(classesDirectory.toPath())
        : List.of();
  }

  /** The {@code Ocipkg-Images} entry of the jar plugin's {@code <archive><manifestEntries>}. */
  private List<Declared> manifestEntries() {
    List<Declared> found = new ArrayList<>();
    Plugin jar = project == null ? null : project.getPlugin(JAR_PLUGIN);
    if (jar == null || !(jar.getConfiguration() instanceof Xpp3Dom)) {
      return found;
    }
    Xpp3Dom archive = ((Xpp3Dom) jar.getConfiguration()).getChild("archive");
    Xpp3Dom entries = archive == null ? null : archive.getChild("manifestEntries");
    Xpp3Dom images = entries == null ? null : entries.getChild(ManifestImages.ATTRIBUTE);
    if (images != null && images.getValue() != null) {
      java.util.jar.Manifest manifest = new java.util.jar.Manifest();
      manifest.getMainAttributes().putValue(ManifestImages.ATTRIBUTE, images.getValue());
      for (String reference : ManifestImages.named(manifest)) {
        found.add(new Declared(reference, "the jar plugin's " + ManifestImages.ATTRIBUTE));
      }
    }
    return found;
  }

  /** The registries of the references, for credentials and {@code insecure}. */
  private static Set<String> hosts(List<Declared> requested) {
    Set<String> hosts = new LinkedHashSet<>();
    for (Declared d : requested) {
      try {
        String registry = ImageReference.parse(d.reference().strip()).registry();
        if (registry != null) {
          hosts.add(registry);
        }
      } catch (IllegalArgumentException e) {
        // the locker names it, with where it was declared
      }
    }
    return hosts;
  }

  private void copyIntoClasses(Path file) throws MojoExecutionException {
    Path target = classesDirectory.toPath().resolve(LockFile.RESOURCE);
    try {
      Files.createDirectories(target.getParent());
      Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot copy " + file + " to " + target + ": " + e, e);
    }
    getLog().info("Copied the lock file to " + target);
  }
}
