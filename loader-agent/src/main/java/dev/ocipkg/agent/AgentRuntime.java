package dev.ocipkg.agent;

import dev.ocipkg.NativeLoader;
import java.lang.instrument.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * The agent's working parts, made on first use rather than in premain: the loader, the prefetcher
 * and the bridge into other class loaders. premain then only registers a transformer and starts a
 * thread, so JVM start pays for almost nothing (see benchmarks, agent row).
 */
final class AgentRuntime {
  private final Instrumentation instrumentation;
  private @Nullable NativeLoader loader;
  private @Nullable Prefetcher prefetcher;
  private @Nullable LoaderBridge bridge;

  AgentRuntime(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  synchronized NativeLoader loader() {
    if (loader == null) {
      loader = NativeLoader.defaultLoader();
    }
    return loader;
  }

  synchronized Prefetcher prefetcher() {
    if (prefetcher == null) {
      prefetcher = new Prefetcher(loader());
    }
    return prefetcher;
  }

  synchronized LoaderBridge bridge() {
    if (bridge == null) {
      bridge = new LoaderBridge(instrumentation);
    }
    return bridge;
  }
}
