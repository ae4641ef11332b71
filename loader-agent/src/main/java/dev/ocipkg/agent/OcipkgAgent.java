package dev.ocipkg.agent;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.scan.ManifestImages;
import dev.ocipkg.internal.store.ContentStore;
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
    AgentOptions options = AgentOptions.parse(arguments); // a bad argument fails the start
    AgentRuntime runtime = new AgentRuntime(instrumentation);
    BoundClasses classes = new BoundClasses();
    AgentBinder.install(new AgentBinder(runtime, classes));
    instrumentation.addTransformer(new NativeImageTransformer(classes, runtime), false);
    Thread start = new Thread(new Startup(runtime, options), "ocipkg-agent-start");
    start.setDaemon(true);
    start.start();
  }

  /** The cache the default loader writes, where the class path's memo goes; null if unset. */
  private static @Nullable ContentStore writableCache() {
    try {
      LoaderConfig config = LoaderConfig.fromEnvironment().build();
      return new ContentStore(config.cacheDir(), config.perUserCacheDir());
    } catch (RuntimeException e) {
      return null; // a bad setting: the first load reports it; the class path is scanned
    }
  }

  /** Called when the agent is attached to a running JVM or started from an executable jar. */
  public static void agentmain(@Nullable String arguments, Instrumentation instrumentation) {
    premain(arguments, instrumentation);
  }

  /**
   * Off the start-up path: starts fetching the references of the agent arguments and of the {@code
   * Ocipkg-Images} entries of the class path's jars.
   */
  private static final class Startup implements Runnable {
    private final AgentRuntime runtime;
    private final AgentOptions options;

    Startup(AgentRuntime runtime, AgentOptions options) {
      this.runtime = runtime;
      this.options = options;
    }

    @Override
    public void run() {
      Prefetcher prefetcher = runtime.prefetcher();
      for (ImageReference reference : options.references()) {
        prefetcher.prefetch(reference);
      }
      for (String reference :
          ClassPathImages.declared(System.getProperty("java.class.path", ""), writableCache())) {
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
