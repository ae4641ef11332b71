/** The results of a run: rows with ratios and targets, rendered as Markdown and as a PNG chart. */
package dev.ocipkg.benchmarks.report;
