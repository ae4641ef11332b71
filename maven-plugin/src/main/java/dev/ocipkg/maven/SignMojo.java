package dev.ocipkg.maven;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.sign.ImageSigner;
import dev.ocipkg.tools.sign.SigningKey;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Signs images with a private key, as {@code cosign sign --key} and {@code ocipkg sign} do: the
 * digest each reference names now (for a multi-platform package, its index), the signature pushed
 * to the same repository, where the loader looks for it under a trust policy.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class SignMojo extends AbstractRegistryMojo {
  /**
   * The images to sign, one per {@code <image>}: {@code HOST/REPOSITORY:TAG} or {@code @sha256:…}.
   */
  @Parameter(property = "ocipkg.images", required = true)
  List<String> images;

  /**
   * The private key: a PKCS#8 PEM ({@code openssl genpkey}) or cosign's encrypted key file ({@code
   * cosign generate-key-pair}).
   */
  @Parameter(property = "ocipkg.signingKey", required = true)
  File signingKey;

  /**
   * The password of an encrypted key, e.g. {@code ${env.COSIGN_PASSWORD}}; none for a plain PEM.
   */
  @Parameter(property = "ocipkg.signingKeyPassword")
  String signingKeyPassword;

  /**
   * {@code bundle}: a sigstore bundle as an OCI 1.1 referrer, also listed under the tag {@code
   * sha256-<hex>} where the registry has no referrers API; {@code simple}: cosign's classic {@code
   * sha256-<hex>.sig} tag.
   */
  @Parameter(property = "ocipkg.signatureFormat", defaultValue = "bundle")
  String signatureFormat;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("ocipkg:sign skipped");
      return;
    }
    ImageSigner.Format format;
    try {
      format = ImageSigner.Format.named(signatureFormat);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<signatureFormat> " + e.getMessage());
    }
    SigningKey key = readKey();
    List<ImageReference> refs = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (String image : images) {
      ImageReference ref = FetchMojo.parse(image.strip());
      refs.add(ref);
      hosts.add(ref.registry());
    }
    try {
      ImageSigner signer = new ImageSigner(sources(hosts).registry());
      for (ImageReference ref : refs) {
        ImageSigner.Signed signed = signer.sign(ref, key, format);
        getLog().info("Signed " + signed.signed() + ": " + signed.where());
      }
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException("ocipkg:sign failed: " + e.getMessage(), e);
    }
  }

  private SigningKey readKey() throws MojoFailureException {
    byte[] pem;
    try {
      pem = Files.readAllBytes(signingKey.toPath());
    } catch (IOException e) {
      throw new MojoFailureException(
          "<signingKey> "
              + signingKey
              + " cannot be read ("
              + e
              + "); make a key with: openssl genpkey -algorithm EC -pkeyopt"
              + " ec_paramgen_curve:P-256 -out "
              + signingKey,
          e);
    }
    try {
      return SigningKey.fromPem(
          pem,
          signingKeyPassword == null ? null : signingKeyPassword.getBytes(StandardCharsets.UTF_8),
          "<signingKey> " + signingKey);
    } catch (IOException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}
