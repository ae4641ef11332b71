package dev.ocipkg.agent;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoader;
import java.lang.instrument.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * The {@code -javaagent} entry point ({@code Premain-Class}, {@code Launcher-Agent-Class}).
 *
 * <p>premain returns at once: it installs a class transformer and starts background fetches of the
 * references it knows (agent arguments now, {@code Ocipkg-Images} of the class path's jars on a
 * background thread, {@code @NativeImage} of classes as they are defined). JVM start never waits on
 * the network.
 */
public final class OcipkgAgent {
  /**
   * Made at first use, not in a static field: initialising System.Logger costs tens of
   * milliseconds, which premain must not spend (see benchmarks, agent row).
   */
  private static System.Logger log() {
    return System.getLogger(OcipkgAgent.class.getName());
  }

  private OcipkgAgent() {}

  /** Called by the JVM before {@code main} for {@code -javaagent:ocipkg-agent.jar[=REF,...]}. */
  public static void premain(@Nullable String arguments, Instrumentation instrumentation) {
    AgentOptions options = AgentOptions.parse(arguments);
    NativeLoader loader = NativeLoader.defaultLoader();
    Prefetcher prefetcher = new Prefetcher(loader);
    BoundClasses classes = new BoundClasses();
    AgentBinder.install(new AgentBinder(loader, classes, new LoaderBridge(instrumentation)));
    instrumentation.addTransformer(new NativeImageTransformer(classes, prefetcher), false);
    for (ImageReference reference : options.references()) {
      prefetcher.prefetch(reference);
    }
    prefetcher.inBackground(
        new ManifestScan(prefetcher, System.getProperty("java.class.path", "")));
  }

  /** Called when the agent is attached to a running JVM or started from an executable jar. */
  public static void agentmain(@Nullable String arguments, Instrumentation instrumentation) {
    premain(arguments, instrumentation);
  }

  /** Reads {@code Ocipkg-Images} from the class path's jars, off the start-up path. */
  private static final class ManifestScan implements Runnable {
    private final Prefetcher prefetcher;
    private final String classPath;

    ManifestScan(Prefetcher prefetcher, String classPath) {
      this.prefetcher = prefetcher;
      this.classPath = classPath;
    }

    @Override
    public void run() {
      for (String reference : ManifestImages.onClassPath(classPath)) {
        try {
          prefetcher.prefetch(ImageReference.parse(reference));
        } catch (IllegalArgumentException e) {
          log()
              .log(
                  System.Logger.Level.WARNING,
                  "ocipkg agent: ignoring "
                      + ManifestImages.ATTRIBUTE
                      + " entry: "
                      + e.getMessage());
        }
      }
    }
  }
}
