package dev.ocipkg.internal.link;

import dev.ocipkg.Platform;
import java.nio.file.Path;

/**
 * A library file about to be linked, with what an error message needs to say about it.
 *
 * @param file the library file
 * @param packageDir the package folder holding it (and its dependencies)
 * @param reference the reference the package was loaded from
 * @param source the registry or local source
 * @param platform the platform of the package
 */
public record LinkTarget(
    Path file, Path packageDir, String reference, String source, Platform platform) {}
