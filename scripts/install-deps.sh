#!/usr/bin/env bash
# Install the Debian packages ampipc's build and tests need, when missing.
# This is the one list of them; `make check` and `make demo` call it.
set -euo pipefail

pkgs=(
	# kernel module and debug-kernel builds
	build-essential bc bison flex libelf-dev libssl-dev cpio kmod rsync
	xz-utils zstd python3 file linux-source-6.1 linux-headers-amd64
	# cross builds against the stock arm64 and armhf headers, and the static
	# userspace programs of their end-to-end guests (the cross libcs are
	# only recommended by the compilers, and recommends are not installed)
	gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf
	libc6-dev-arm64-cross libc6-dev-armhf-cross
	# lint
	sparse
	# QEMU guests: stock and debug kernels, busybox initramfs
	qemu-system-x86 qemu-system-arm busybox-static
	# the kernel matrix: release chroots
	debootstrap git e2fsprogs
	# host tests and fuzzing of the shared parsers
	clang libclang-rt-14-dev
	# firmware tools (ampfw: libelf, OpenSSL libcrypto; keyctl for provisioning)
	libelf-dev libssl-dev openssl keyutils
	# Debian packages and DKMS (make deb, make dkms-install)
	dpkg-dev debhelper dh-dkms dkms lintian fakeroot
	# make bench: the plot; PROFILE=1: perf, copied into the guest
	gnuplot-nox linux-perf
)

missing=()
for p in "${pkgs[@]}"; do
	[ "$p" = "${p#\#}" ] || continue
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "missing packages (run as root to install): ${missing[*]}" >&2
	exit 1
fi
echo "# installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -qq update >/dev/null
apt-get -qq install -y --no-install-recommends "${missing[@]}" >/dev/null
