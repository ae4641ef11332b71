package dev.ocipkg.testing;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A key pair and the certificate for its public key. */
record KeyAndCertificate(KeyPair keyPair, X509Certificate certificate) {}
