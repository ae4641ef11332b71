/**
 * The loader's one immutable configuration ({@link dev.ocipkg.internal.config.LoaderConfig}): every
 * setting, read once from system properties and the environment, or built in code. A leaf: it knows
 * the credential chain it builds and the time source, and nothing of the pipeline that reads it.
 */
@NullMarked
package dev.ocipkg.internal.config;

import org.jspecify.annotations.NullMarked;
