#!/usr/bin/env bash
# Installs the independent sealed-secrets implementation it/chart's SealedSecretOracleIT checks the
# plugin's SealedSecrets against: @socialgouv/aes-gcm-rsa-oaep (WebCrypto, run with the machine's
# Node.js), pinned, from the npm registry, into .ci/cache/sealing-oracle (git-ignored). Idempotent;
# a few seconds on a fresh machine, instant when cached. Node.js itself: apt-get install nodejs npm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.ci/cache/sealing-oracle"
package="@socialgouv/aes-gcm-rsa-oaep"
version="1.1.4"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
installed="$dir/node_modules/$package/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
  echo "sealing oracle: $package@$version (cached), node $(node --version)"
  exit 0
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --silent "$package@$version"
grep -q "\"version\": \"$version\"" "$installed"
echo "sealing oracle: $package@$version, node $(node --version)"
