package dev.ocipkg.benchmarks.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where and how a run happened.
 *
 * @param command the command line that produced the results
 * @param environment lines such as the CPU, the JDK and the tool versions
 */
public record RunDescription(
    String command, Instant started, Duration duration, List<String> environment) {}
