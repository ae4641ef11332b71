package dev.ocipkg.internal.lock;

/**
 * A reference found locked: the image it is pinned to and the lock file that pins it.
 *
 * @param image what the lock pins
 * @param location the lock file (a path, or the URL of a class-path resource)
 */
public record Locked(LockedImage image, String location) {}
