/**
 * Small programs that the benchmark harness starts in child JVMs and times from outside. Each
 * prints one line of {@code key=value} pairs on success and exits non-zero on failure; none of them
 * prints anything else, so that what is timed is the work and not the console.
 */
package dev.ocipkg.benchmarks.probe;
