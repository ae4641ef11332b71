package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessIdentityTest {
  private static final String STATUS =
      "Name:\tjava\nUid:\t4301\t4302\t4302\t4302\nGid:\t4300\t4310\t4310\t4310\n"
          + "Groups:\t4300 27 \nNgid:\t0\n";

  @Test
  void readsTheNumbersOfALineOfProcSelfStatus() {
    assertThat(ProcessIdentity.numbers(STATUS, "\nUid:")).containsExactly(4301, 4302, 4302, 4302);
    assertThat(ProcessIdentity.numbers(STATUS, "\nGroups:")).containsExactly(4300, 27);
    assertThat(ProcessIdentity.numbers("Groups:\t\n", "Groups:")).isEmpty();
    assertThat(ProcessIdentity.numbers(STATUS, "\nMissing:")).isEmpty();
  }

  @Test
  void thisProcessIsTheOwnerOfWhatItCreatesAndInItsGroup(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("mine"));
    ProcessIdentity me = ProcessIdentity.current();

    assertThat(me.known()).isTrue();
    assertThat(me.uid()).isEqualTo(((Number) Files.getAttribute(file, "unix:uid")).longValue());
    assertThat(me.inGroup(((Number) Files.getAttribute(file, "unix:gid")).longValue())).isTrue();
    assertThat(me.inGroup(4399)).as("a group nobody here is in").isFalse();
  }
}
