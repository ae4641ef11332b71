package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may plant files in a cache. The rules are checked on their own (a process identity given),
 * then on real folders, which the tests (running as root) give other owners and modes.
 */
class CacheOwnershipTest {
  private static final long ME = 4301;
  private static final long OTHER = 4302;
  private static final long GROUP = 4300;
  private static final long OTHER_GROUP = 4399;
  private static final ProcessIdentity IN_GROUP = new ProcessIdentity(ME, ME, GROUP);
  private static final ProcessIdentity ALONE = new ProcessIdentity(ME, ME);

  @TempDir Path dir;

  @Test
  void aPerUserCacheMustBeThisUsersAlone() {
    assertThat(CacheOwnership.refusal(0700, ME, ME, true, ALONE)).isNull();
    assertThat(CacheOwnership.refusal(0755, ME, ME, true, ALONE)).isNull();
    assertThat(CacheOwnership.refusal(0775, ME, ME, true, ALONE).fix()).contains("chmod 700 PATH");
    assertThat(CacheOwnership.refusal(0777, ME, ME, true, ALONE).fix()).contains("chmod 700 PATH");
    assertThat(CacheOwnership.refusal(0700, OTHER, ME, true, ALONE).wrong())
        .contains("belongs to another user");
    assertThat(CacheOwnership.refusal(0700, 0, 0, true, ALONE)).as("root's, not mine").isNotNull();
    assertThat(CacheOwnership.refusal(02770, OTHER, GROUP, true, IN_GROUP))
        .as("even shared with my group")
        .isNotNull();
  }

  @Test
  void aNamedCacheMayBeSharedByAGroupButNeverWritableByAll() {
    assertThat(CacheOwnership.refusal(0755, ME, ME, false, ALONE)).isNull();
    assertThat(CacheOwnership.refusal(02770, ME, GROUP, false, IN_GROUP)).isNull();
    assertThat(CacheOwnership.refusal(0775, ME, GROUP, false, IN_GROUP))
        .as("group-writable by my group, without setgid")
        .isNull();
    assertThat(CacheOwnership.refusal(02770, OTHER, GROUP, false, IN_GROUP))
        .as("another user's, shared with my group")
        .isNull();
    assertThat(CacheOwnership.refusal(0755, 0, 0, false, ALONE)).as("root's").isNull();

    assertThat(CacheOwnership.refusal(0777, ME, ME, false, ALONE).wrong())
        .contains("writable by every user");
    assertThat(CacheOwnership.refusal(01777, 0, 0, false, ALONE))
        .as("sticky, as /tmp is: others can still create its subfolders first")
        .isNotNull();
    assertThat(CacheOwnership.refusal(0770, OTHER, GROUP, false, IN_GROUP))
        .as("another user's without setgid")
        .isNotNull();
    assertThat(CacheOwnership.refusal(02770, OTHER, OTHER_GROUP, false, IN_GROUP))
        .as("another user's, shared with a group I am not in")
        .isNotNull();
    assertThat(CacheOwnership.refusal(0770, ME, OTHER_GROUP, false, IN_GROUP).wrong())
        .contains("writable by a group this user is not in");
    assertThat(CacheOwnership.refusal(0755, OTHER, OTHER, false, ALONE).fix())
        .contains("chgrp GROUP PATH && chmod 2770 PATH");
  }

  @Test
  void rootGetsNoExemption() {
    ProcessIdentity root = new ProcessIdentity(0, 0);
    assertThat(CacheOwnership.refusal(0700, 0, 0, true, root)).isNull();
    assertThat(CacheOwnership.refusal(0755, OTHER, OTHER, false, root)).isNotNull();
    assertThat(CacheOwnership.refusal(0777, 0, 0, false, root)).isNotNull();
    assertThat(CacheOwnership.refusal(0775, 0, 0, true, root)).isNotNull();
  }

  @Test
  void anUnknownIdentityStillRefusesWhatEveryoneCanWrite() {
    assertThat(CacheOwnership.refusal(0755, OTHER, OTHER, false, ProcessIdentity.UNKNOWN)).isNull();
    assertThat(CacheOwnership.refusal(0777, OTHER, OTHER, false, ProcessIdentity.UNKNOWN))
        .isNotNull();
  }

  @Test
  void aRefusedFolderIsNamedWithItsOwnerModeAndTheFix() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Files.setAttribute(cache, "unix:uid", (int) OTHER);
    Files.setAttribute(cache, "unix:mode", 0755);

    assertThatThrownBy(() -> CacheOwnership.check(cache, false, true, ALONE))
        .isInstanceOf(UnsafeCacheException.class)
        .hasMessageContaining("the cache folder " + cache + " (owner uid " + OTHER)
        .satisfies(e -> assertThat(((UnsafeCacheException) e).path()).isEqualTo(cache))
        .hasMessageContaining("mode 0755) belongs to another user")
        .satisfies(
            e ->
                assertThat(((UnsafeCacheException) e).fix())
                    .contains("chgrp GROUP " + cache + " && chmod 2770 " + cache));
  }

  @Test
  void aLinkToTheCacheIsFollowedAndWhatItLeadsToIsChecked() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Files.setAttribute(real, "unix:mode", 0777);
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    assertThatThrownBy(() -> CacheOwnership.check(link, false, true, ALONE))
        .hasMessageContaining("mode 0777) is writable by every user");
  }

  @Test
  void aSubfolderIsCheckedForItsOwnerOnly() throws Exception {
    Path mine = Files.createDirectory(dir.resolve("mine"));
    Files.setAttribute(mine, "unix:uid", (int) ME);
    Files.setAttribute(mine, "unix:mode", 0777);
    Path planted = Files.createDirectory(dir.resolve("planted"));
    Files.setAttribute(planted, "unix:uid", (int) OTHER);

    Path groupMembers = Files.createDirectory(dir.resolve("group-members"));
    Files.setAttribute(groupMembers, "unix:uid", (int) OTHER);
    Files.setAttribute(groupMembers, "unix:gid", (int) GROUP);
    Files.setAttribute(groupMembers, "unix:mode", 02755); // made with umask 022 in a shared cache

    assertThatCode(() -> CacheOwnership.check(mine, false, false, ALONE))
        .doesNotThrowAnyException();
    assertThatCode(() -> CacheOwnership.check(groupMembers, false, false, IN_GROUP))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> CacheOwnership.check(groupMembers, false, false, ALONE))
        .hasMessageContaining("belongs to another user");
    assertThatThrownBy(() -> CacheOwnership.check(planted, false, false, ALONE))
        .hasMessageContaining("belongs to another user, who could have planted what it holds");
    assertThatCode(() -> CacheOwnership.check(dir.resolve("missing"), true, true, ALONE))
        .as("nothing there yet")
        .doesNotThrowAnyException();
  }

  @Test
  void aStoreWhoseSubfolderWasPlantedIsRefusedWhereItIsOpened() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("store"), true);
    store.newTempFile("probe"); // creates the folder, 0700, and checks it
    assertThat(CacheOwnership.octal((Integer) Files.getAttribute(store.root(), "unix:mode")))
        .isEqualTo("0700");
    Path packages = Files.createDirectory(store.root().resolve("packages"));
    Files.setAttribute(packages, "unix:uid", (int) OTHER);

    assertThatThrownBy(store::checkOwnership)
        .isInstanceOf(UnsafeCacheException.class)
        .hasMessageContaining(packages.toString());
  }
}
