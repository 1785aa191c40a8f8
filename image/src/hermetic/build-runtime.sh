#!/usr/bin/env bash
# Builds the agent image's root filesystem without pulling a base image: a jlink'ed Java runtime plus
# the C libraries it links against, unpacked from Debian packages. The same JDK and packages give the
# same bytes; runtime.txt inside the tree records which ones were used.
#
# usage: build-runtime.sh ROOTFS DEB_DIR MODULES
#   ROOTFS   the image's root tree; the runtime's directories in it are replaced
#   DEB_DIR  where the Debian packages are downloaded to, or found if already there
#   MODULES  comma-separated JDK modules for jlink
# env: TOOLCHAIN_JAVA_HOME (the Maven toolchain's JDK, set by exec-maven-plugin) or JAVA_HOME (the JDK to
#      link; default: the one java runs on). It must be the Java the agent is compiled for.
set -euo pipefail

rootfs=${1:?ROOTFS}
debs=${2:?DEB_DIR}
modules=${3:?MODULES}
packages=(libc6 zlib1g libgcc-s1 libstdc++6)

jdk=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
for tool in "$jdk/bin/jlink" dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-runtime.sh: $tool is missing; the hermetic image needs a JDK with jlink and dpkg-deb" >&2; exit 2; }
done

for d in opt/java lib lib64 usr etc proc dev tmp; do
  rm -rf "${rootfs:?}/$d"
done
mkdir -p "$rootfs/opt" "$debs"

"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$rootfs/opt/java"

for p in "${packages[@]}"; do
  if ! ls "$debs/${p}"_*.deb >/dev/null 2>&1; then
    (cd "$debs" && apt-get download "$p")
  fi
done
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
done

# Only the shared libraries are needed: documentation, locales and iconv modules go.
rm -rf "$rootfs/usr/share" "$rootfs/usr/lib/x86_64-linux-gnu/gconv" "$rootfs/usr/libexec" "$rootfs/sbin" "$rootfs/usr/sbin" \
  "$rootfs/usr/bin" "$rootfs/etc/ld.so.conf.d" "$rootfs/usr/lib/x86_64-linux-gnu/audit"

# The image builder follows symlinks on the build host, so absolute links would pull in the host's
# files: replace every link with a copy of its target inside this tree.
while IFS= read -r link; do
  target=$(readlink "$link")
  case "$target" in
    /*) resolved="$rootfs$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  resolved=$(readlink -f "$resolved")
  case "$resolved" in
    "$(readlink -f "$rootfs")"/*) ;;
    *) echo "build-runtime.sh: $link points outside the runtime ($target)" >&2; exit 1 ;;
  esac
  cp --remove-destination "$resolved" "$link"
done < <(find "$rootfs" -type l | sort)

# A user for uid/gid 1000 so tools that look the user up find one; empty mount points for the
# container runtime (bubblewrap needs /proc and /dev to exist on a read-only root).
mkdir -p "$rootfs/etc" "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp"
printf 'root:x:0:0:root:/:/sbin/nologin\nagent:x:1000:1000:humanitec agent:/:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nagent:x:1000:\n' > "$rootfs/etc/group"

{
  echo "jdk: $("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}') ($jdk)"
  echo "modules: $modules"
  for deb in "$debs"/*.deb; do
    echo "deb: $(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version) sha256:$(sha256sum "$deb" | cut -d' ' -f1)"
  done
} > "$rootfs/opt/java/agent-kit-runtime.txt"

du -sh "$rootfs" | awk '{print "build-runtime.sh: runtime " $1 " in " $2}'
