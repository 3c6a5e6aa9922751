#!/usr/bin/env bash
# Start a private Docker engine (vfs storage, no network setup) and import a minimal Debian base into it.
# Prints the DOCKER_HOST to use. Idempotent: reuses a running engine and an existing base image.
set -euo pipefail
state=${IMGDIET_ENGINE_DIR:-/tmp/imgdiet-engine}
sock="$state/docker.sock"
export DOCKER_HOST="unix://$sock"
mkdir -p "$state"
if ! docker version >/dev/null 2>&1; then
  command -v dockerd >/dev/null || { echo "dockerd not found: apt-get install docker.io" >&2; exit 1; }
  nohup dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
    --data-root "$state/data" --exec-root "$state/exec" --pidfile "$state/docker.pid" \
    -H "unix://$sock" >"$state/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do docker version >/dev/null 2>&1 && break; sleep 0.5; done
  docker version >/dev/null 2>&1 || { echo "dockerd did not start; see $state/dockerd.log" >&2; tail -20 "$state/dockerd.log" >&2; exit 1; }
fi
# The base every test image builds FROM: no registry is reachable here, so it is made with mmdebstrap.
base=${IMGDIET_BASE_IMAGE:-imgdiet-test/debian:bookworm}
if ! docker image inspect "$base" >/dev/null 2>&1; then
  tarball="$state/minbase.tar"
  if [ ! -s "$tarball" ]; then
    command -v mmdebstrap >/dev/null || { echo "mmdebstrap not found: apt-get install mmdebstrap" >&2; exit 1; }
    # Quiet, and no translated package descriptions to download. Written aside and renamed, so that an
    # interrupted run never leaves a partial tarball that the next run would take for a good one.
    mmdebstrap --quiet --variant=minbase --format=tar --aptopt='Acquire::Languages "none"' \
      bookworm "$tarball.part" >&2
    mv "$tarball.part" "$tarball"
  fi
  docker import --change 'CMD ["bash"]' "$tarball" "$base" >/dev/null
fi
echo "$DOCKER_HOST"
