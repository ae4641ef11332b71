#!/usr/bin/env bash
# Builds the native test libraries of ocipkg-native-test-libs with the system C compiler.
#
# The Maven build runs this script (exec-maven-plugin, phase process-classes) after javac has
# written the JNI header of JniDemo. It needs bash, coreutils and a C compiler, nothing else:
# a fresh machine has no make or cmake.
#
# usage: build-native-test-libs.sh --sources DIR --jni-headers DIR --java-home DIR \
#                                  --work DIR --output DIR
#
# Writes OUTPUT/<os>-<arch>/ (e.g. linux-amd64) holding libocipkg_demo.so,
# libocipkg_jni_demo.so, libouter.so, libouter_norunpath.so, libinner.so.1.0.0,
# foreign/libocipkg_demo.so (an ELF
# file for another machine), notelf/libnotelf.so (text) and files.txt, the index that lists
# those files and the symbolic links libinner.so.1 and libinner.so (a jar keeps no links);
# and OUTPUT/platforms.txt naming the platform that was built.
#
# The compiler is $CC if set (it may carry arguments, e.g. CC="ccache gcc"), else the first of
# cc, gcc, clang on the PATH.

set -euo pipefail

fail() {
  echo "native-test-libs $*" >&2
  exit 1
}

compiler_hint="needs a C compiler: install gcc (apt-get install -y gcc) or set CC"

sources= jni_headers= java_home= work= output=
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || fail "got option $1 without a value"
  case "$1" in
    --sources) sources=$2 ;;
    --jni-headers) jni_headers=$2 ;;
    --java-home) java_home=$2 ;;
    --work) work=$2 ;;
    --output) output=$2 ;;
    *) fail "got an unknown option '$1'" ;;
  esac
  shift 2
done
for option in sources jni_headers work output; do
  [[ -n "${!option}" ]] || fail "needs the option --${option//_/-}"
done

# --- the compiler -----------------------------------------------------------------------------

cc=()
if [[ -n "${CC:-}" ]]; then
  read -r -a cc <<<"$CC"
  command -v "${cc[0]}" >/dev/null 2>&1 ||
    fail "$compiler_hint (CC='$CC' is not a command that can be run)"
else
  for candidate in cc gcc clang; do
    if command -v "$candidate" >/dev/null 2>&1; then
      cc=("$candidate")
      break
    fi
  done
  [[ ${#cc[@]} -gt 0 ]] || fail "$compiler_hint (none of cc, gcc, clang is on the PATH)"
fi

# --- the platform, spelled as OCI spells it ---------------------------------------------------

# The compiler's target, not uname -m, decides the architecture: a 32-bit tool chain on a
# 64-bit kernel builds 32-bit libraries.
target=$("${cc[@]}" -dumpmachine 2>/dev/null || uname -m)
case "$(uname -s)" in
  Linux) os=linux ;;
  *) fail "builds ELF shared objects, on Linux only; this host is $(uname -s) ($target)" ;;
esac
case "${target%%-*}" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  i?86) arch=386 ;;
  arm*) arch=arm ;;
  *) arch=${target%%-*} ;;
esac

# --- the JNI headers --------------------------------------------------------------------------

# Any JDK's jni.h will do (the JNI ABI is stable); prefer the JDK that runs Maven, then
# JAVA_HOME, then whatever is installed under /usr/lib/jvm.
jni_include=
for home in "$java_home" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  for candidate in "$home/include" "$home/../include"; do
    if [[ -n "$home" && -f "$candidate/jni.h" && -d "$candidate/$os" ]]; then
      jni_include=$candidate
      break 2
    fi
  done
done
[[ -n "$jni_include" ]] ||
  fail "found no JDK with include/jni.h (looked in '$java_home', JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*): install a JDK, not only a JRE"

# --- compiling --------------------------------------------------------------------------------

cflags=(-std=c11 -O2 -fPIC -fvisibility=hidden -Wall -Wextra)
# -z defs turns a symbol left undefined into a link error instead of a load-time surprise.
ldflags=(-shared -Wl,-z,defs)

rm -rf "$work"
mkdir -p "$work"

# link_library OUTPUT SONAME SOURCE [more compiler arguments...]
link_library() {
  local out=$1 soname=$2 source=$3
  shift 3
  # Compiling from inside the sources folder keeps the build folder's path out of the binaries.
  (cd "$sources" && "${cc[@]}" "${cflags[@]}" "${ldflags[@]}" -Wl,-soname,"$soname" \
    -o "$work/$out" "$source" "$@") || fail "could not build $out with ${cc[*]} (see the compiler output above)"
}

link_library libocipkg_demo.so libocipkg_demo.so ocipkg_demo.c
link_library libocipkg_jni_demo.so libocipkg_jni_demo.so ocipkg_jni_demo.c \
  -I"$jni_headers" -I"$jni_include" -I"$jni_include/$os"

link_library libinner.so.1.0.0 libinner.so.1 inner.c
ln -s libinner.so.1.0.0 "$work/libinner.so.1"
ln -s libinner.so.1 "$work/libinner.so"
# The single quotes keep $ORIGIN for the dynamic loader, which expands it to libouter's folder.
# --enable-new-dtags writes RUNPATH, which LD_LIBRARY_PATH can override, as distributions do.
link_library libouter.so libouter.so outer.c \
  -L"$work" -linner -Wl,-rpath,'$ORIGIN' -Wl,--enable-new-dtags
# The same library without a run path, as many distribution libraries are (libzmq.so.5 needs
# libpgm and libnorm by SONAME and names no folder): it loads only if its loader first loads
# libinner.so.1 from wherever the package put it.
link_library libouter_norunpath.so libouter_norunpath.so outer.c -L"$work" -linner

# --- a library for another machine -------------------------------------------------------------

# e_machine, the u16 at offset 18 of every ELF header, in the byte order of this host.
elf_machine() {
  od -An -tu2 -j18 -N2 "$1" | tr -d ' \n'
}

host_machine=$(elf_machine "$work/libocipkg_demo.so")
if [[ "$host_machine" == 62 ]]; then # EM_X86_64
  foreign_machine=183 foreign_triple=aarch64-linux-gnu # EM_AARCH64
else
  foreign_machine=62 foreign_triple=x86_64-linux-gnu
fi

foreign=$work/foreign/libocipkg_demo.so
mkdir -p "$work/foreign"
foreign_how="cross-compiled with $foreign_triple-gcc"
# -nostdlib: the demo needs no C library, and a cross compiler often comes without one.
if ! command -v "$foreign_triple-gcc" >/dev/null 2>&1 ||
  ! (cd "$sources" && "$foreign_triple-gcc" "${cflags[@]}" -nostdlib "${ldflags[@]}" \
    -Wl,-soname,libocipkg_demo.so -o "$foreign" ocipkg_demo.c) 2>/dev/null ||
  [[ "$(elf_machine "$foreign")" != "$foreign_machine" ]]; then
  # No cross compiler: the host's library with another machine written into its ELF header is
  # what the dynamic loader rejects first, exactly as it rejects a real foreign library.
  cp "$work/libocipkg_demo.so" "$foreign"
  if [[ "$foreign_machine" == 183 ]]; then bytes='\267\000'; else bytes='\076\000'; fi
  # EI_DATA, byte 5 of the header: 1 little-endian, 2 big-endian.
  if [[ "$(od -An -tu1 -j5 -N1 "$foreign" | tr -d ' \n')" == 2 ]]; then bytes=${bytes:4:4}${bytes:0:4}; fi
  # shellcheck disable=SC2059 # the format is the octal escapes above
  printf "$bytes" | dd of="$foreign" bs=1 seek=18 count=2 conv=notrunc 2>/dev/null
  foreign_how="e_machine of libocipkg_demo.so rewritten to $foreign_machine"
fi
[[ "$(elf_machine "$foreign")" == "$foreign_machine" ]] ||
  fail "could not make $foreign an ELF file for machine $foreign_machine"

# --- a file that is no ELF file at all ----------------------------------------------------------

mkdir -p "$work/notelf"
# Longer than an ELF header, so the loader reports a bad header rather than a short file, the
# way it does for an HTML error page or a Git LFS pointer saved under a library's name.
cat >"$work/notelf/libnotelf.so" <<'TEXT'
This file is not an ELF shared object. ocipkg tests load it to check the error that a
library replaced by text (an HTML error page, a Git LFS pointer) produces.
TEXT

# --- resources and their index ----------------------------------------------------------------

platform_dir=$output/$os-$arch
rm -rf "$platform_dir"
mkdir -p "$platform_dir"
index=$platform_dir/files.txt
{
  echo "# ocipkg-native-test-libs for $os/$arch: 'file PATH' or 'link PATH -> TARGET' a line."
  echo "# A jar keeps no symbolic links, so NativeTestLibs recreates them from this index."
} >"$index"
for entry in libocipkg_demo.so libocipkg_jni_demo.so libinner.so.1.0.0 libinner.so.1 \
  libinner.so libouter.so libouter_norunpath.so foreign/libocipkg_demo.so notelf/libnotelf.so; do
  if [[ -L "$work/$entry" ]]; then
    echo "link $entry -> $(readlink "$work/$entry")" >>"$index"
  else
    mkdir -p "$(dirname "$platform_dir/$entry")"
    cp "$work/$entry" "$platform_dir/$entry"
    echo "file $entry" >>"$index"
  fi
done
echo "$os/$arch" >"$output/platforms.txt"

echo "native-test-libs built $os/$arch libraries with ${cc[*]} ($target) into $platform_dir;" \
  "foreign/libocipkg_demo.so: $foreign_how"
