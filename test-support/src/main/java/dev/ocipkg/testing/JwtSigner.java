package dev.ocipkg.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs registry bearer tokens the way Distribution 2.8 verifies them ({@code
 * registry/auth/token}): a compact JWS with {@code alg ES256} whose header carries the signing
 * certificate in {@code x5c}; the registry verifies that certificate against {@code
 * auth.token.rootcertbundle}, then the signature with the certificate's key. x5c is simpler than
 * {@code kid}, which would have to be a libtrust key fingerprint.
 */
final class JwtSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyAndCertificate signingKey;
  private final String headerSegment;

  JwtSigner(KeyAndCertificate signingKey) {
    this.signingKey = signingKey;
    ObjectNode header = JSON.createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    try {
      header
          .putArray("x5c")
          .add(Base64.getEncoder().encodeToString(signingKey.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the token signing certificate", e);
    }
    this.headerSegment = encode(header);
  }

  /**
   * Signs a token.
   *
   * @param access resource type and name mapped to the granted actions, e.g. {@code ("repository",
   *     "acme/libfoo") -> [pull, push]}
   */
  String sign(
      String issuer,
      String subject,
      String audience,
      long issuedAtEpochSecond,
      long expiresAtEpochSecond,
      List<Map.Entry<TokenScope, List<String>>> access) {
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("exp", expiresAtEpochSecond);
    claims.put("nbf", issuedAtEpochSecond);
    claims.put("iat", issuedAtEpochSecond);
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode accessArray = claims.putArray("access");
    for (Map.Entry<TokenScope, List<String>> grant : access) {
      ObjectNode entry = accessArray.addObject();
      entry.put("type", grant.getKey().type());
      entry.put("name", grant.getKey().name());
      ArrayNode actions = entry.putArray("actions");
      grant.getValue().forEach(actions::add);
    }
    String signingInput = headerSegment + "." + encode(claims);
    try {
      // JWS wants r||s (IEEE P1363), not the DER that plain SHA256withECDSA produces.
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(signingKey.keyPair().getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test token", e);
    }
  }

  private static String encode(ObjectNode node) {
    try {
      return BASE64URL.encodeToString(JSON.writeValueAsBytes(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JWT part", e);
    }
  }
}
