package dev.ocipkg.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Platform;
import dev.ocipkg.internal.registry.credentials.Credential;
import dev.ocipkg.internal.registry.credentials.DockerCredentials;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings from system properties and the environment, through the test seam of both. */
class LoaderConfigTest {
  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> variables = new HashMap<>();

  private LoaderConfig config() {
    return LoaderConfig.fromSources(properties::get, variables::get).build();
  }

  @Test
  void defaultsWithNothingSet() {
    variables.put("XDG_CACHE_HOME", "/xdg/cache");
    LoaderConfig c = config();

    assertThat(c.cacheDir()).isEqualTo(Path.of("/xdg/cache", "ocipkg"));
    assertThat(c.perUserCacheDir()).isTrue();
    assertThat(c.readOnlyCaches()).isEmpty();
    assertThat(c.offline()).isFalse();
    assertThat(c.tagTtl()).isEqualTo(LoaderConfig.DEFAULT_TAG_TTL);
    assertThat(c.platform()).isNull();
    assertThat(c.mirrorsOf("ghcr.io")).isEmpty();
    assertThat(c.isInsecure("registry.example")).isFalse();
    assertThat(c.maxAttempts()).isEqualTo(LoaderConfig.DEFAULT_MAX_ATTEMPTS);
    assertThat(c.parallelDownloads()).isEqualTo(LoaderConfig.DEFAULT_PARALLEL_DOWNLOADS);
    assertThat(c.connectTimeout()).isEqualTo(LoaderConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(c.readTimeout()).isEqualTo(LoaderConfig.DEFAULT_READ_TIMEOUT);
    assertThat(c.documentTimeout()).isEqualTo(LoaderConfig.DEFAULT_DOCUMENT_TIMEOUT);
  }

  @Test
  void everySettingIsRead() {
    properties.put("ocipkg.cache.dir", "/cache");
    properties.put("ocipkg.offline", "yes");
    properties.put("ocipkg.tag.ttl", "PT5M");
    properties.put("ocipkg.platform", "linux/arm64/v8");
    properties.put("ocipkg.mirrors", "ghcr.io=127.0.0.1:5000|mirror.local, docker.io=hub.local");
    properties.put("ocipkg.insecure", "registry.lan, other.lan");
    properties.put("ocipkg.ca.file", "/etc/ca.pem");
    properties.put("ocipkg.policy", "/etc/ocipkg/policy.json");
    properties.put("ocipkg.retries", "2");
    properties.put("ocipkg.downloads", "8");
    properties.put("ocipkg.connect.timeout", "PT3S");
    properties.put("ocipkg.read.timeout", "PT1M");
    properties.put("ocipkg.document.timeout", "PT2M");
    LoaderConfig c = config();

    assertThat(c.cacheDir()).isEqualTo(Path.of("/cache"));
    assertThat(c.perUserCacheDir()).as("named, so it may be shared").isFalse();
    assertThat(c.offline()).isTrue();
    assertThat(c.tagTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.platform()).isEqualTo(Platform.parse("linux/arm64/v8"));
    assertThat(c.mirrorsOf("ghcr.io")).isEqualTo(List.of("127.0.0.1:5000", "mirror.local"));
    assertThat(c.mirrorsOf("docker.io")).isEqualTo(List.of("hub.local"));
    assertThat(c.isInsecure("other.lan")).isTrue();
    assertThat(c.caCertificates()).isEqualTo(Path.of("/etc/ca.pem"));
    assertThat(c.policy()).isEqualTo(Path.of("/etc/ocipkg/policy.json"));
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.parallelDownloads()).isEqualTo(8);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.documentTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void readOnlyCachesAreAPathListSearchedInOrder() {
    String sep = File.pathSeparator;
    variables.put("OCIPKG_CACHE_READONLY", "/usr/share/ocipkg" + sep + sep + " /opt/ocipkg " + sep);

    assertThat(config().readOnlyCaches())
        .containsExactly(Path.of("/usr/share/ocipkg"), Path.of("/opt/ocipkg"));

    properties.put("ocipkg.cache.readonly", "/image/cache");
    assertThat(config().readOnlyCaches()).containsExactly(Path.of("/image/cache"));
  }

  @Test
  void aRelativeReadOnlyCacheIsRefusedNamingTheSettingAndTheValue() {
    String value = "/usr/share/ocipkg" + File.pathSeparator + "cache";
    properties.put("ocipkg.cache.readonly", value);
    assertThatThrownBy(this::config)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + value + "\" for ocipkg.cache.readonly")
        .hasMessageContaining("expected absolute folders")
        .hasMessageContaining("\"cache\" is not one");

    properties.clear();
    variables.put("OCIPKG_CACHE_READONLY", "relative/cache");
    assertThatThrownBy(this::config)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("for the environment variable OCIPKG_CACHE_READONLY");
  }

  @Test
  void readOnlyCachesFromTheBuilderComeAfterThoseOfTheEnvironmentAndSurviveToBuilder() {
    variables.put("OCIPKG_CACHE_READONLY", "/usr/share/ocipkg");
    LoaderConfig c =
        LoaderConfig.fromSources(properties::get, variables::get)
            .readOnlyCache(Path.of("/opt/ocipkg"))
            .build();

    assertThat(c.readOnlyCaches())
        .containsExactly(Path.of("/usr/share/ocipkg"), Path.of("/opt/ocipkg"));
    assertThat(c.toBuilder().build().readOnlyCaches()).isEqualTo(c.readOnlyCaches());
  }

  @Test
  void aPropertyWinsOverItsVariableAndABlankOneCountsAsUnset() {
    properties.put("ocipkg.downloads", "2");
    variables.put("OCIPKG_DOWNLOADS", "5");
    properties.put("ocipkg.retries", " ");
    variables.put("OCIPKG_RETRIES", "0");
    LoaderConfig c = config();

    assertThat(c.parallelDownloads()).isEqualTo(2);
    assertThat(c.maxAttempts()).isEqualTo(1);
  }

  @Test
  void thePolicyComesFromItsVariableOrTheBuilderAndIsNoneByDefault() {
    assertThat(config().policy()).isNull();
    variables.put("OCIPKG_POLICY", "/etc/ocipkg/policy.json");
    assertThat(config().policy()).isEqualTo(Path.of("/etc/ocipkg/policy.json"));
    assertThat(LoaderConfig.builder().policy(Path.of("p.json")).build().policy())
        .isEqualTo(Path.of("p.json"));
    assertThat(config().toBuilder().policy(null).build().policy()).isNull();
  }

  @Test
  void theLockFileComesFromItsPropertyOrVariableOrTheBuilderAndIsNoneByDefault() {
    assertThat(config().lockFile()).isNull();
    variables.put("OCIPKG_LOCK_FILE", "/app/ocipkg.lock");
    assertThat(config().lockFile()).isEqualTo(Path.of("/app/ocipkg.lock"));
    properties.put("ocipkg.lock.file", "/other/ocipkg.lock");
    assertThat(config().lockFile()).isEqualTo(Path.of("/other/ocipkg.lock"));
    assertThat(config().toBuilder().build().lockFile()).isEqualTo(Path.of("/other/ocipkg.lock"));
    assertThat(LoaderConfig.builder().lockFile(Path.of("x.lock")).build().lockFile())
        .isEqualTo(Path.of("x.lock"));
    assertThat(config().toBuilder().lockFile(null).build().lockFile()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      value = {
        "ocipkg.offline#maybe#expected true or false",
        "ocipkg.tag.ttl#1h#expected an ISO-8601 duration such as PT1H or PT30S",
        "ocipkg.tag.ttl#-PT1H#a duration cannot be negative",
        "ocipkg.platform#plan9#expected os/arch[/variant], e.g. linux/arm64",
        "ocipkg.mirrors#ghcr.io#expected registry=mirror[|mirror],... e.g. ghcr.io=127.0.0.1:5000",
        "ocipkg.retries#many#expected a number of retries from 0 to 20",
        "ocipkg.retries#21#expected a number of retries from 0 to 20",
        "ocipkg.downloads#0#expected how many layers to download at once, from 1 to 16",
        "ocipkg.downloads#17#expected how many layers to download at once, from 1 to 16",
        "ocipkg.downloads#three#expected how many layers to download at once, from 1 to 16",
        "ocipkg.read.timeout#PT0S#a timeout must be longer than zero (zero would turn it off); e.g. PT30S",
        "ocipkg.connect.timeout#PT0S#a timeout must be longer than zero (zero would turn it off); e.g. PT30S",
        "ocipkg.document.timeout#PT0S#a timeout must be longer than zero (zero would turn it off); e.g. PT30S",
        "ocipkg.document.timeout#-PT1S#a duration cannot be negative",
      })
  void aBadPropertyIsNamedWithItsValueAndWhatWasExpected(
      String key, String value, String expected) {
    properties.put(key, value);

    assertThatThrownBy(this::config)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid value \"" + value + "\" for " + key + ": " + expected);
  }

  @Test
  void aBadVariableIsNamedAsTheVariable() {
    variables.put("OCIPKG_DOWNLOADS", "lots");

    assertThatThrownBy(this::config)
        .hasMessageStartingWith(
            "invalid value \"lots\" for the environment variable OCIPKG_DOWNLOADS: expected");
  }

  @Test
  void theBuilderRefusesOutOfRangeValuesWithTheValue() {
    assertThatThrownBy(() -> LoaderConfig.builder().parallelDownloads(0))
        .hasMessage("parallel downloads (0) must be from 1 to 16");
    assertThatThrownBy(() -> LoaderConfig.builder().maxAttempts(22))
        .hasMessage("attempts (22) must be from 1 to 21");
    assertThatThrownBy(() -> LoaderConfig.builder().tagTtl(Duration.ofSeconds(-1)))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> LoaderConfig.builder().maxPackageBytes(0))
        .hasMessage("max package bytes (0) must be positive");
    assertThatThrownBy(() -> LoaderConfig.builder().documentTimeout(Duration.ZERO))
        .hasMessage("document timeout (PT0S) must be positive");
    assertThatThrownBy(() -> LoaderConfig.builder().readTimeout(Duration.ZERO))
        .hasMessage("read timeout (PT0S) must be positive");
  }

  @Test
  void credentialsFromThePropertyReplaceTheVariableAndTheBuildersReplaceBoth() {
    variables.put("OCIPKG_CREDENTIALS", "ghcr.io=from-env:p,quay.io=from-env:p");
    properties.put(
        "ocipkg.credentials",
        "ghcr.io=alice:a:b=c , https://127.0.0.1:5000=bob: sp ace ,docker.io=<token>:t");
    LoaderConfig c =
        LoaderConfig.fromSources(properties::get, variables::get)
            .credentials("GHCR.IO", "code", "c")
            .build();

    assertThat(c.credentials().get("ghcr.io").username()).isEqualTo("code");
    Credential local = c.credentials().get("127.0.0.1:5000");
    assertThat(local.username()).isEqualTo("bob");
    assertThat(local.secret()).isEqualTo(" sp ace ");
    assertThat(local.source()).isEqualTo("explicit configuration (ocipkg.credentials)");
    DockerCredentials chain =
        DockerCredentials.of(
            c.credentials(), c::variable, c.home(), c.credentialHelperTimeout(), c.time());
    assertThat(chain.find("registry-1.docker.io").orElseThrow().kind())
        .isEqualTo(Credential.Kind.IDENTITY_TOKEN);
    assertThat(c.credentials()).doesNotContainKey("quay.io"); // the property replaced the variable
  }

  @Test
  void aBadCredentialsVariableIsNamedButItsPasswordsAreNot() {
    variables.put("OCIPKG_CREDENTIALS", "quay.io=u:p,ghcr.io=alice");

    assertThatThrownBy(this::config)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OCIPKG_CREDENTIALS")
        .hasMessageContaining("entry 2")
        .hasMessageNotContaining("=u:p");
  }

  @Test
  void theHelperTimeoutIsReadAndABadOneNamed() {
    properties.put("ocipkg.credentials.helper.timeout", "PT3S");
    assertThat(config().credentialHelperTimeout()).isEqualTo(Duration.ofSeconds(3));

    properties.put("ocipkg.credentials.helper.timeout", "10s");
    assertThatThrownBy(this::config)
        .hasMessageStartingWith("invalid value \"10s\" for ocipkg.credentials.helper.timeout");
  }

  @Test
  void aConfigurationBuiltToIgnoreTheEnvironmentKnowsNoneOfIt() {
    LoaderConfig c = LoaderConfig.builder().build();

    assertThat(c.home()).isNull();
    assertThat(c.variable("PATH")).isNull();
    assertThat(c.credentials()).isEmpty();
  }

  @Test
  void toBuilderMakesAVariantAndLeavesTheOriginalAsItWas() {
    properties.put("ocipkg.offline", "true");
    properties.put("user.home", "/home/alice");
    LoaderConfig original = config();

    LoaderConfig variant =
        original.toBuilder().offline(false).readTimeout(Duration.ofSeconds(5)).build();

    assertThat(original.offline()).isTrue();
    assertThat(variant.offline()).isFalse();
    assertThat(variant.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(variant.home()).isEqualTo(Path.of("/home/alice"));
    assertThat(variant.cacheDir()).isEqualTo(original.cacheDir());
    assertThat(variant.perUserCacheDir()).isTrue();
    assertThat(original.toBuilder().cacheDir(Path.of("/shared")).build().perUserCacheDir())
        .isFalse();
    assertThat(LoaderConfig.builder().build().perUserCacheDir()).isTrue();
  }
}
