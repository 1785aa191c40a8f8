#!/usr/bin/env bash
# System packages the tunnel end-to-end tests need; .ci/run sources or calls this before Maven.
# curl: the real client in ProxyThroughTunnelIT; bubblewrap: LockedDownIT. A missing tool fails its test when CI=true.
# openssh-server is only for the ssh -R throughput baseline (it/tunnel/src/bench), not for tests.
set -euo pipefail
if ! command -v curl >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl
fi
# bubblewrap: LockedDownIT and ImageIT run the agent on a read-only root as a non-root user, like the pod.
# umoci: ImageIT unpacks the agent image's layers; dpkg-deb: the hermetic image build (-Phermetic).
for tool in bwrap:bubblewrap umoci:umoci dpkg-deb:dpkg; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}"
  fi
done
