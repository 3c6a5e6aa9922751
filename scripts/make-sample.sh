#!/usr/bin/env bash
# Makes samples/sample.tar: a real image, built on a Docker engine and written by `docker save`, small enough to
# commit, that shows what imgdiet finds (see samples/sample-app/Dockerfile).
#
#   1. a busybox root filesystem from Debian's busybox-static package, imported as imgdiet-sample/busybox:1.35;
#   2. samples/sample-app plus the junk a developer's checkout holds but git does not (.git/, __pycache__/, .env,
#      logs/), built with the legacy builder as imgdiet/sample:1.0;
#   3. docker save of that image to samples/sample.tar.
#
# Needs an engine: DOCKER_HOST, or the private one scripts/start-engine.sh starts (and whose Debian base is used
# to fetch busybox-static with apt-get). Usage: scripts/make-sample.sh [OUT.tar]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/samples/sample.tar}
base_image=imgdiet-sample/busybox:1.35
image=imgdiet/sample:1.0
debian=${IMGDIET_BASE_IMAGE:-imgdiet-test/debian:bookworm}

if [ -z "${DOCKER_HOST:-}" ]; then
  DOCKER_HOST=$("$root/scripts/start-engine.sh")
  export DOCKER_HOST
fi
export DOCKER_BUILDKIT=0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The base: busybox and one symlink per applet, /etc/passwd and /etc/group, an empty /tmp. Fixed mtimes and
#    name order, so the same package gives the same layer.
echo "make-sample: busybox base from Debian's busybox-static" >&2
docker run --rm --network host "$debian" sh -euc '
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static; } \
    >/tmp/apt.log 2>&1 || { cat /tmp/apt.log >&2; exit 1; }
  r=/rootfs
  mkdir -p $r/bin $r/etc $r/root $r/tmp
  chmod 1777 $r/tmp
  chmod 700 $r/root
  cp /bin/busybox $r/bin/busybox
  for applet in $(busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$r/bin/$applet"; done
  printf "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n" > $r/etc/passwd
  printf "root:x:0:\nnogroup:x:65534:\n" > $r/etc/group
  tar --sort=name --mtime="2024-01-01 00:00:00Z" --numeric-owner --owner=0 --group=0 -C $r -cf - .
' >"$work/rootfs.tar"
docker import --change 'CMD ["sh"]' --message "busybox-static from Debian bookworm" "$work/rootfs.tar" "$base_image" >/dev/null

# 2. The build context: the committed app plus what a checkout carries besides (fixed sizes, fixed content).
fill() { { yes "$1" || true; } | head -c "$2"; } # TEXT repeated up to N bytes; yes ends on SIGPIPE
ctx="$work/context"
cp -R "$root/samples/sample-app" "$ctx"
mkdir -p "$ctx/.git/objects/pack" "$ctx/.git/refs/heads" "$ctx/__pycache__" "$ctx/logs"
printf 'ref: refs/heads/main\n' >"$ctx/.git/HEAD"
printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n' >"$ctx/.git/config"
fill 'PACK history of the sample app' 60000 >"$ctx/.git/objects/pack/pack-5a3c.pack"
fill 'pack index' 2000 >"$ctx/.git/objects/pack/pack-5a3c.idx"
fill 'compiled app.py' 1500 >"$ctx/__pycache__/app.cpython-312.pyc"
printf 'SECRET_KEY=dummy-value-not-a-real-secret\nDATABASE_URL=postgres://app:dummy-password@db/app\n' >"$ctx/.env"
fill '2024-01-01 12:00:00 DEBUG request served' 50000 >"$ctx/logs/debug.log"

echo "make-sample: building $image" >&2
docker build --no-cache --quiet -t "$image" "$ctx" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }

# 3. The archive.
docker save -o "$out" "$image"
echo "make-sample: wrote $out ($(stat -c %s "$out") bytes)" >&2
