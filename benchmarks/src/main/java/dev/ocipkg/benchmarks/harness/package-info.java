/**
 * The whole-process benchmarks: a real registry from test-support, the fixtures pushed by skopeo,
 * and the probes of {@code dev.ocipkg.benchmarks.probe} started in fresh JVMs beside skopeo, curl,
 * sha256sum and tar, timed from outside. {@link dev.ocipkg.benchmarks.harness.BenchmarkRun} is the
 * entry point; {@code benchmarks/run.sh} starts it.
 */
package dev.ocipkg.benchmarks.harness;
