/**
 * JFR events of the cold path: cold loads and downloads ({@code dev.ocipkg.ColdLoad}, {@code
 * dev.ocipkg.Download}).
 */
@NullMarked
package dev.ocipkg.internal.jfr;

import org.jspecify.annotations.NullMarked;
