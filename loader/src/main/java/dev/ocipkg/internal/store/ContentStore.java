package dev.ocipkg.internal.store;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.FileTrees;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The cache on disk, laid out like an OCI image layout where it can be:
 *
 * <pre>
 * blobs/sha256/&lt;hex&gt;        verified blobs only (size, then digest, checked before they appear)
 * packages/sha256/&lt;hex&gt;/    one extracted package per platform manifest digest: complete or absent
 * refs/&lt;key&gt;.ref            resolution records: reference + platform -&gt; manifest digest
 * verified/&lt;hex&gt;.trust      what a trust policy accepted, and the hashes of its files then
 * tmp/                       downloads and extractions in progress (same file system, renamed in)
 * locks/                     lock files shared by the JVMs that use this cache
 * </pre>
 *
 * <p>Nothing is ever overwritten in place: a blob or package appears by an atomic rename and, once
 * there, is never replaced, so a library mapped by a running process never changes under it.
 *
 * <p>This class stays light on purpose: the warm path (a package already here) uses it and must not
 * load the HTTP client or the JSON parser.
 */
public final class ContentStore {
  /** The main subfolders, checked with the folder itself where the store is opened. */
  private static final String[] SUBFOLDERS = {
    "blobs",
    "packages",
    "refs",
    "verified",
    "tmp",
    "locks",
    "locks/" + TempOwner.OWNERS,
    "loaders",
    "hosts"
  };

  private final Path root;
  private final boolean perUser;

  /** Whether this instance made sure its folder exists and passed {@link #checkOwnership}. */
  private volatile boolean rootReady;

  /** A store in {@code root}, a folder chosen by name: it may be shared by a group. */
  public ContentStore(Path root) {
    this(root, false);
  }

  /**
   * A store in {@code root}.
   *
   * @param perUser whether {@code root} is the per-user default cache, created {@code 0700} and
   *     refused if anyone else may write it (see {@link CacheOwnership})
   */
  public ContentStore(Path root, boolean perUser) {
    this.root = root.toAbsolutePath().normalize();
    this.perUser = perUser;
  }

  public Path root() {
    return root;
  }

  /**
   * Refuses the store if other users may plant files in its folder or main subfolders (the rules
   * are {@link CacheOwnership}'s); nothing to check if the folder does not exist yet. One {@code
   * stat} per folder: cheap enough for the warm path, which calls it once per store.
   *
   * @throws UnsafeCacheException naming the folder, its owner and mode, and the fix
   */
  public void checkOwnership() {
    CacheOwnership.checkCacheFolder(root, perUser);
    for (String subfolder : SUBFOLDERS) {
      CacheOwnership.checkSubfolder(root.resolve(subfolder));
    }
  }

  /**
   * "owner uid N (name), group gid G (name), mode 0NNN" of a path of a cache, for a message that
   * says why a user may not write there; empty without POSIX attributes.
   */
  public static String describe(Path path) {
    return CacheOwnership.describe(path);
  }

  /** Whether {@code folder} is of a cache shared by a group: it has the setgid bit. */
  public static boolean sharedByAGroup(Path folder) {
    return CacheOwnership.isSetgid(folder);
  }

  /**
   * Creates the store's folder if it is missing (the per-user default {@code 0700}, a folder chosen
   * by name as the umask says, so that a cache filled by one user can be read by others), then
   * checks it once, before this instance first writes into it.
   */
  private void ensureRoot() throws IOException {
    if (rootReady) {
      return;
    }
    if (!Files.isDirectory(root)) {
      Writes.createRoot(root, perUser);
    }
    checkOwnership();
    rootReady = true;
  }

  /**
   * A small record of the store (a properties file, such as a tag record); null if it is missing or
   * unreadable, which callers treat as no record.
   */
  public static @Nullable Properties readRecord(Path file) {
    @Nullable BasicFileAttributes attributes = StoreFiles.attributesOrNull(file);
    if (attributes == null) {
      return null;
    }
    if (!attributes.isRegularFile()) {
      // Never opened (a FIFO would block the load forever); the next write replaces it by a
      // rename, which replaces a link or FIFO itself: a harmless repair.
      // The logger only here: the warm path reads records and must not set up logging.
      System.getLogger(ContentStore.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "ignoring the record {0}: it is {1}, where the cache only makes regular files; it will be"
                  + " replaced",
              file,
              StoreFiles.describe(attributes));
      return null;
    }
    Properties p = new Properties();
    try (Reader r =
        new InputStreamReader(
            Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8)) {
      p.load(r);
      return p;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Replaces the record {@code file} with {@code record} atomically, through a temp file of this
   * store: a reader sees the old record or the new one, never part of one.
   */
  public void writeRecord(Path file, Properties record, String purpose) throws IOException {
    ensureRoot();
    Files.createDirectories(file.getParent());
    Path temp = newTempFile(purpose);
    try {
      try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        RecordFormat.write(record, w);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Where a verified blob lives (whether or not it is there yet). */
  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * Whether a blob is in the store. Only verified blobs are put there, but the store can be changed
   * from outside: a blob found from before is verified again where it becomes part of a package.
   *
   * @throws TamperedStoreException if something other than a regular file is there
   */
  public boolean hasBlob(Digest digest) {
    return StoreFiles.isRegularFile(blobPath(digest));
  }

  /** Where the package extracted from the platform manifest {@code manifest} lives. */
  public Path packagePath(Digest manifest) {
    return root.resolve("packages").resolve(manifest.algorithm()).resolve(manifest.hex());
  }

  /**
   * Whether the package of {@code manifest} is in the store (then it is complete).
   *
   * @throws TamperedStoreException if something other than a real folder is there, such as a
   *     symbolic link planted to lead out of the cache
   */
  public boolean hasPackage(Digest manifest) {
    return StoreFiles.isDirectory(packagePath(manifest));
  }

  /**
   * The folder for the copies of a package that a second class loader links (JNI binds a file to
   * one class loader), the store's own folder made first as for every write: the per-user default
   * {@code 0700} even where the package came from a read-only cache.
   */
  public Path loadersDirectory() throws IOException {
    ensureRoot();
    return root.resolve("loaders");
  }

  /** The lock a package is written and removed under, by every process and class loader. */
  public StoreLock lockPackage(Digest manifest) throws IOException {
    return lock("package-" + manifest.hex());
  }

  /** A new folder in {@code tmp/} to extract the package of {@code manifest} into. */
  public Path newPackageTempDirectory(Digest manifest) throws IOException {
    return newTempDirectory("package-" + manifest.hex());
  }

  /** The platform manifest digests of the packages in the store, in no particular order. */
  public List<Digest> packages() throws IOException {
    return digestsIn(root.resolve("packages"));
  }

  /** The digests of the blobs in the store, in no particular order. */
  public List<Digest> blobs() throws IOException {
    return digestsIn(root.resolve("blobs"));
  }

  /**
   * Removes the package of {@code manifest} as it came in: under its package lock, renamed into
   * {@code tmp/} in one step and deleted there, so that a loader sees it whole or not at all.
   *
   * @return whether it was there
   */
  public boolean removePackage(Digest manifest) throws IOException {
    try (StoreLock lock = lockPackage(manifest)) {
      Path dir = packagePath(manifest);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Path trash = newTempDirectory("removed-" + manifest.hex());
      Files.move(dir, trash.resolve("package"), StandardCopyOption.ATOMIC_MOVE);
      FileTrees.deleteRecursively(trash);
      return true;
    }
  }

  /** The digests under {@code dir/<algorithm>/<hex>}; names that are not digests are skipped. */
  private static List<Digest> digestsIn(Path dir) throws IOException {
    List<Digest> digests = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return digests;
    }
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(dir)) {
      for (Path algorithm : algorithms) {
        if (!Files.isDirectory(algorithm, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(algorithm)) {
          for (Path entry : entries) {
            try {
              digests.add(Digest.parse(algorithm.getFileName() + ":" + entry.getFileName()));
            } catch (IllegalArgumentException e) {
              // not a digest: something else lives here; not ours to list
            }
          }
        }
      }
    }
    return digests;
  }

  Path refsDirectory() {
    return root.resolve("refs");
  }

  Path verifiedDirectory() {
    return root.resolve("verified");
  }

  Path locksDirectory() {
    return root.resolve("locks");
  }

  /** The folder for work in progress; same file system as the store, so renames are atomic. */
  public Path tmpDirectory() throws IOException {
    ensureRoot();
    return realDirectory(root.resolve("tmp"));
  }

  /** {@code dir}, created if missing; refused if it is a link (work must never leave the store). */
  private static Path realDirectory(Path dir) throws IOException {
    if (!StoreFiles.isDirectory(dir)) {
      Files.createDirectories(dir);
      StoreFiles.isDirectory(dir); // created meanwhile by someone else: still checked
    }
    return dir;
  }

  /**
   * A new empty temp file for {@code purpose}, named by its owner (this copy of ocipkg, alive while
   * it holds its owner lock) so that a cleaner in any process can tell whether it is abandoned.
   */
  public Path newTempFile(String purpose) throws IOException {
    return UmaskTempFiles.createFile(tmpDirectory(), tempPrefix(purpose), ".part");
  }

  /** A new empty temp folder for {@code purpose}, named as {@link #newTempFile} names files. */
  public Path newTempDirectory(String purpose) throws IOException {
    return UmaskTempFiles.createDirectory(tmpDirectory(), tempPrefix(purpose), "");
  }

  private String tempPrefix(String purpose) throws IOException {
    // The owner lock is in place before the first name that carries its id.
    Path owners = realDirectory(realDirectory(locksDirectory()).resolve(TempOwner.OWNERS));
    return TempNames.prefix(purpose, TempOwner.of(root, owners).id());
  }

  private Path ownersDirectory() {
    return locksDirectory().resolve(TempOwner.OWNERS);
  }

  /**
   * Moves a verified temp file into {@code blobs/}. If another writer got there first, the content
   * is the same (same digest) and the temp file is dropped.
   */
  public Path publishBlob(Path verifiedTemp, Digest digest) throws IOException {
    ensureRoot();
    Path target = blobPath(digest);
    Files.createDirectories(target.getParent());
    Writes.moveIntoPlace(verifiedTemp, target);
    return target;
  }

  /** Moves a fully extracted temp folder into {@code packages/}; first writer wins. */
  public Path publishPackage(Path completeTempDir, Digest manifest) throws IOException {
    ensureRoot();
    Path target = packagePath(manifest);
    Files.createDirectories(target.getParent());
    Writes.moveIntoPlace(completeTempDir, target);
    return target;
  }

  /** A lock named {@code name}, held across the threads and processes that share this store. */
  public StoreLock lock(String name) throws IOException {
    ensureRoot();
    Path lockFile = realDirectory(locksDirectory()).resolve(name + ".lock");
    StoreFiles.isRegularFile(lockFile); // a FIFO there would block the open forever
    return StoreLock.acquire(lockFile);
  }

  /**
   * Deletes what dead processes left in {@code tmp/}. Safe while other processes work, in any PID
   * namespace or on any host that shares the folder: their owner locks keep their work.
   */
  public void cleanAbandonedTemps() {
    TempNames.cleanAbandoned(root.resolve("tmp"), ownersDirectory(), TempOwner.idIfAny(root));
  }

  /**
   * The file-system steps of the writes whose failures are told by exception type: kept out of
   * {@link ContentStore}, whose verification would otherwise load those exception classes on the
   * warm path, which only reads.
   */
  private static final class Writes {
    private Writes() {}

    /** The store's folder, made private to this user where it is the per-user default. */
    static void createRoot(Path root, boolean perUser) throws IOException {
      Files.createDirectories(root.getParent());
      try {
        if (perUser && root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.createDirectory(
              root,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(root);
        }
      } catch (FileAlreadyExistsException createdMeanwhile) {
        // by another process, or planted: checked by the caller either way
      }
    }

    static void moveIntoPlace(Path source, Path target) throws IOException {
      try {
        // No REPLACE_EXISTING: what is in the store stays as it is.
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        FileTrees.deleteRecursively(source);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "cannot rename "
                + source
                + " to "
                + target
                + " atomically; the cache must be on one file system",
            e);
      }
      if (Files.exists(source)) {
        // Some file systems report success for a rename onto an existing directory by doing
        // nothing.
        FileTrees.deleteRecursively(source);
      }
    }
  }
}
