package dev.ocipkg.agent;

import java.lang.instrument.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * The {@code -javaagent} entry point ({@code Premain-Class}, {@code Launcher-Agent-Class}).
 *
 * <p>What it does today: validates its arguments and reports the references it was given, without
 * touching the network, so a bad argument is seen at start-up. Background prefetch and loading into
 * the annotated class's loader arrive with the agent issue.
 */
public final class OcipkgAgent {
  private static final System.Logger LOG = System.getLogger(OcipkgAgent.class.getName());

  private OcipkgAgent() {}

  /** Called by the JVM before {@code main} for {@code -javaagent:ocipkg-agent.jar[=options]}. */
  public static void premain(@Nullable String arguments, Instrumentation instrumentation) {
    AgentOptions options = AgentOptions.parse(arguments);
    LOG.log(System.Logger.Level.DEBUG, "ocipkg agent started with {0}", options.references());
  }

  /** Called when the agent is attached to a running JVM or started from an executable jar. */
  public static void agentmain(@Nullable String arguments, Instrumentation instrumentation) {
    premain(arguments, instrumentation);
  }
}
