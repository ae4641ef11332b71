package dev.ocipkg.maven;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.transfer.ImageTransfer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Copies images, with every platform, into OCI layouts for offline builds or to embed in a jar.
 * Each goes to {@code target/ocipkg/fetched/NAME}, where NAME is the reference with unsafe
 * characters written as {@code _}. Digests are verified on the way, and blobs that a layout already
 * has are not fetched again.
 */
@Mojo(name = "fetch", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class FetchMojo extends AbstractRegistryMojo {
  /**
   * The images to fetch, one per {@code <image>}: {@code HOST/REPOSITORY:TAG} or {@code
   * HOST/REPOSITORY@sha256:…}.
   */
  @Parameter(property = "ocipkg.images", required = true)
  List<String> images;

  /** The folder under which each image is copied into an OCI layout of its own. */
  @Parameter(
      property = "ocipkg.fetchDirectory",
      defaultValue = "${project.build.directory}/ocipkg/fetched")
  File outputDirectory;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("ocipkg:fetch skipped");
      return;
    }
    List<ImageReference> refs = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (String image : images) {
      ImageReference ref = parse(image.strip());
      refs.add(ref);
      hosts.add(ref.registry());
    }
    ImageTransfer transfer = new ImageTransfer(sources(hosts), 0, new MavenLogListener(getLog()));
    for (ImageReference ref : refs) {
      Path folder = outputDirectory.toPath().resolve(folderName(ref.toString())).toAbsolutePath();
      if (session.isOffline()) {
        if (folder.resolve("index.json").toFile().isFile()) {
          getLog().info("Offline: using " + folder + " fetched before for " + ref);
          continue;
        }
        throw new MojoFailureException(
            "Offline, and " + ref + " was never fetched into " + folder + "; run once online");
      }
      String tag = ref.tag() != null ? ref.tag() : "latest";
      getLog().info("Fetching " + ref + " into " + folder);
      try {
        ImageTransfer.Result result =
            transfer.copy(ref, ImageReference.parse("oci:" + folder + ":" + tag), List.of(), null);
        getLog().info("Fetched " + ref + " " + result.root());
      } catch (IOException | RuntimeException e) {
        throw new MojoExecutionException(
            "ocipkg:fetch of " + ref + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** A registry reference given as an {@code <image>}. */
  static ImageReference parse(String image) throws MojoFailureException {
    try {
      ImageReference ref = ImageReference.parse(image);
      if (ref.kind() != ImageReference.Kind.REGISTRY) {
        throw new MojoFailureException("<image> " + image + " is not a registry reference");
      }
      return ref;
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<image> " + image + ": " + e.getMessage(), e);
    }
  }

  /** The reference with every character outside {@code [A-Za-z0-9._-]} as {@code _}. */
  static String folderName(String reference) {
    return reference.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
