package dev.ocipkg.internal;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.layer.UnsafeLayerException;
import dev.ocipkg.internal.layer.UnsupportedLayerException;
import dev.ocipkg.internal.oci.NoMatchingPlatformException;
import dev.ocipkg.internal.oci.OciFormatException;
import dev.ocipkg.internal.registry.DeadlineExceededException;
import dev.ocipkg.internal.registry.RefusedRequestException;
import dev.ocipkg.internal.registry.RegistryException;
import dev.ocipkg.internal.source.AllSourcesFailedException;
import dev.ocipkg.internal.source.DigestMismatchException;
import dev.ocipkg.internal.source.NotFoundException;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.TamperedStoreException;
import dev.ocipkg.internal.store.UnsafeCacheException;
import dev.ocipkg.internal.trust.TrustFormatException;
import dev.ocipkg.internal.trust.UntrustedPackageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** Classifies what went wrong on the cold path and says it as the one public error. */
final class FetchFailures {
  private FetchFailures() {}

  /** Whether {@code e} means the source could not be reached (so a cached package may stand in). */
  static boolean isUnreachable(Throwable e) {
    if (e instanceof AllSourcesFailedException) {
      return ((AllSourcesFailedException) e)
          .attempts().stream().allMatch(FetchFailures::isUnreachable);
    }
    if (e instanceof RegistryException) {
      return ((RegistryException) e).status() >= 500;
    }
    if (e instanceof RefusedRequestException) {
      return false; // refused by a rule: no cached package stands in for a refusal
    }
    return e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException
        || e instanceof SocketTimeoutException
        || (e instanceof IOException
            && !(e instanceof NotFoundException)
            && !(e instanceof DigestMismatchException)
            && !(e instanceof OciFormatException)
            && !(e instanceof UnsafeLayerException)
            && !(e instanceof TamperedBlobException)
            && !(e instanceof UnsupportedLayerException)
            && !(e instanceof SSLException)
            && !(e instanceof NoSuchFileException)
            && e.getCause() instanceof IOException
            && isUnreachable(e.getCause()));
  }

  /**
   * The error for a cold load that had to write into a cache this process may not write (mounted
   * read-only, or owned by another user, as a cache baked into an image is), or null if {@code e}
   * is not that. Said as such, with the two ways out, rather than as the bare denied path.
   */
  static @Nullable NativeLoadException unwritableCache(
      Throwable e, Path cache, ImageReference reference, Platform wanted) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (t instanceof FileSystemException && deniesWriting((FileSystemException) t, cache)) {
        Path folder = deniedFolder((FileSystemException) t);
        return NativeLoadException.builder(
                reference
                    + " is not in the cache for "
                    + wanted
                    + ", and the cache folder "
                    + cache
                    + " cannot be written to store it: "
                    + t.getMessage()
                    + " ("
                    + folder
                    + ": "
                    + ContentStore.describe(folder)
                    + ")")
            .reference(reference.toString())
            .registry(reference.source())
            .platform(wanted.toString())
            .hint(
                "set ocipkg.cache.dir / OCIPKG_CACHE_DIR to a folder this user can write, and name "
                    + cache
                    + " in ocipkg.cache.readonly / OCIPKG_CACHE_READONLY so that what it holds is"
                    + " still loaded from there; or fetch the reference into it where it is"
                    + " writable (ocipkg fetch when the image is built)"
                    + (ContentStore.sharedByAGroup(folder)
                        ? ". In this cache shared by a group, another user made "
                            + folder
                            + " without group write: have them run chmod -R g+w "
                            + folder
                            + ", and every user run with umask 002"
                        : ""))
            .cause(e)
            .build();
      }
    }
    return null;
  }

  /** The folder whose mode denied the write: the file's own folder, or the file if a folder. */
  private static Path deniedFolder(FileSystemException e) {
    Path file = Path.of(Objects.requireNonNull(e.getFile())).toAbsolutePath().normalize();
    Path parent = file.getParent();
    return Files.isDirectory(file) || parent == null ? file : parent;
  }

  private static boolean deniesWriting(FileSystemException e, Path cache) {
    String file = e.getFile();
    boolean denied =
        e instanceof AccessDeniedException || "Read-only file system".equals(e.getReason());
    return denied && file != null && Path.of(file).toAbsolutePath().normalize().startsWith(cache);
  }

  static NativeLoadException toLoadException(
      Throwable e, ImageReference reference, Platform wanted) {
    if (e instanceof NativeLoadException) {
      return (NativeLoadException) e;
    }
    String problem;
    String hint;
    int status = -1;
    String source = reference.source();
    if (e instanceof NoMatchingPlatformException) {
      NoMatchingPlatformException miss = (NoMatchingPlatformException) e;
      problem =
          reference
              + " has no package for "
              + miss.wanted()
              + " in "
              + miss.searched()
              + "; "
              + miss.offers();
      hint =
          "ask the publisher for a "
              + miss.wanted()
              + " build, or load one of the platforms on offer (os/arch[/variant]): the loader"
              + " takes it from ocipkg.platform or OCIPKG_PLATFORM, the ocipkg command from"
              + " --platform";
    } else if (e instanceof UntrustedPackageException) {
      // The verifier's message names the reference, digest, policy, scope and each signature
      // with why it failed.
      UntrustedPackageException refusal = (UntrustedPackageException) e;
      problem = refusal.problem();
      String own = refusal.hint();
      hint = own != null ? own : "sign the package, or change the policy";
    } else if (e instanceof TrustFormatException) {
      problem = "cannot use the trust policy: " + e.getMessage();
      hint =
          "fix the policy file or key named above, or name another policy with ocipkg.policy /"
              + " OCIPKG_POLICY";
    } else if (e instanceof DigestMismatchException) {
      problem = "content of " + reference + " failed verification: " + e.getMessage();
      hint =
          "the content was altered in the registry or in transit; nothing was cached. If it"
              + " persists, tell the registry's operator";
    } else if (e instanceof UnsafeCacheException) {
      problem = "cannot use the cache for " + reference + ": " + e.getMessage();
      hint = ((UnsafeCacheException) e).fix();
    } else if (e instanceof TamperedStoreException) {
      problem = "the cache was changed outside ocipkg: " + e.getMessage();
      hint =
          "remove what the message names (or the whole cache folder); ocipkg never follows or"
              + " opens it";
    } else if (e instanceof OversizedContentException) {
      problem = "refused " + reference + ": " + e.getMessage();
      hint =
          "no package ocipkg reads has a manifest or config that large; for a layer, raise"
              + " maxPackageBytes (NativeLoader.builder().maxPackageBytes) if the package really"
              + " is that large, else tell its publisher";
    } else if (e instanceof UnsafeLayerException) {
      problem = reference + " holds an unsafe file, so nothing was extracted: " + e.getMessage();
      hint = "this package must not be used; tell its publisher";
    } else if (e instanceof UnsupportedLayerException || e instanceof OciFormatException) {
      problem = "cannot read " + reference + ": " + e.getMessage();
      hint =
          "the artifact is not in a form ocipkg reads; check that it was pushed as an ocipkg or ORAS artifact";
    } else if (e instanceof NotFoundException || e instanceof NoSuchFileException) {
      problem = "not found: " + e.getMessage();
      hint = "check the reference: registry, repository, tag or digest";
      if (e.getCause() instanceof RegistryException) {
        status = ((RegistryException) e.getCause()).status();
      }
    } else if (e instanceof RegistryException) {
      RegistryException r = (RegistryException) e;
      status = r.status();
      source = r.registry();
      problem = e.getMessage();
      hint =
          status == 401 || status == 403
              ? "give credentials for "
                  + r.registry()
                  + " (docker login, a credential helper, ocipkg.credentials or"
                  + " NativeLoader.builder().credentials), or check the ones named above"
              : status == 429 ? "the registry is rate limiting; try again later" : null;
    } else if (e instanceof RefusedRequestException) {
      RefusedRequestException r = (RefusedRequestException) e;
      source = r.registry();
      problem = "cannot fetch " + reference + ": " + e.getMessage();
      hint = r.hint();
    } else if (e instanceof DeadlineExceededException) {
      problem = "cannot fetch " + reference + ": " + e.getMessage();
      hint =
          "if the registry is only slow, allow more time with ocipkg.document.timeout /"
              + " OCIPKG_DOCUMENT_TIMEOUT (an ISO-8601 duration such as PT2M)";
    } else if (e instanceof AllSourcesFailedException) {
      problem = "cannot fetch " + reference + ": " + e.getMessage();
      hint = "check that the mirrors and the registry are reachable";
    } else if (e instanceof SSLException) {
      problem = "TLS with " + source + " failed: " + e.getMessage();
      hint =
          "if the registry uses a private CA, give it with -Docipkg.ca.file=ca.pem; plain http is"
              + " allowed for loopback and hosts named in ocipkg.insecure";
    } else if (isUnreachable(e)) {
      problem = "cannot reach " + source + " for " + reference + ": " + e;
      hint =
          "check the network and the registry's address; a reference loaded once before also loads offline";
    } else {
      problem = "cannot fetch " + reference + ": " + e;
      hint = null;
    }
    NativeLoadException result =
        NativeLoadException.builder(problem)
            .reference(reference.toString())
            .registry(source)
            .platform(wanted.toString())
            .httpStatus(status)
            .hint(hint)
            .cause(e)
            .build();
    for (Throwable suppressed : e.getSuppressed()) {
      result.addSuppressed(suppressed);
    }
    return result;
  }
}
