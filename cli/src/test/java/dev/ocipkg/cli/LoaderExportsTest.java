package dev.ocipkg.cli;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.QualifiedExports;
import org.junit.jupiter.api.Test;

/**
 * The loader exports to dev.ocipkg.cli (this jar's Automatic-Module-Name) exactly the internal
 * packages that the command line's classes use.
 */
class LoaderExportsTest {
  @Test
  void theLoaderExportsToThisModuleExactlyWhatItUses() throws Exception {
    QualifiedExports.assertExactlyWhatIsUsed(
        NativeLoader.class, "dev.ocipkg.cli", OcipkgCommand.class);
  }
}
