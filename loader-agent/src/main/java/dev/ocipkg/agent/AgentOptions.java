package dev.ocipkg.agent;

import dev.ocipkg.ImageReference;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The agent's argument string: {@code -javaagent:ocipkg-agent.jar=REF[,REF...]}, each a reference
 * to fetch in the background as soon as the JVM starts.
 */
final class AgentOptions {
  private final List<ImageReference> references;

  private AgentOptions(List<ImageReference> references) {
    this.references = List.copyOf(references);
  }

  /**
   * Parses the agent arguments; null or blank means none.
   *
   * @throws IllegalArgumentException naming the malformed reference
   */
  static AgentOptions parse(@Nullable String arguments) {
    List<ImageReference> references = new ArrayList<>();
    if (arguments != null) {
      for (String part : arguments.split(",")) {
        String text = part.trim();
        if (!text.isEmpty()) {
          references.add(ImageReference.parse(text));
        }
      }
    }
    return new AgentOptions(references);
  }

  List<ImageReference> references() {
    return references;
  }
}
