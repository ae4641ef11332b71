#!/usr/bin/env bash
# The main job on the embedded default (no server needed): builds the project, writes an OCI
# layout holding libocipkg_demo for three platforms, then loads it through ocipkg and calls it
# through JNA and FFM on the JDK 25 toolchain. The package is cached under $OCIPKG_CACHE_DIR, or
# the user's cache folder (~/.cache/ocipkg); run it twice to see the warm path.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
mvn -B -q -pl demo validate exec:exec@demo
