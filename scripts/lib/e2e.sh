# shellcheck shell=bash
# End-to-end runs: a kernel (Debian's stock image, or the debug test kernel)
# boots in QEMU with our modules, the sim firmware signed into bundles, the
# test programs and the guest-side cases of tests/e2e/guest/, which print one
# `AMP-E2E ok|fail|skip NAME [DETAIL]` line per case. Needs
# scripts/lib/{common,apt,qemu,guest,kbuild}.sh.

# amp_e2e_cc ARCH: the C compiler that builds static guest programs for ARCH.
amp_e2e_cc() {
	case "$1" in
	amd64) echo gcc ;;
	arm64) echo aarch64-linux-gnu-gcc ;;
	armhf) echo arm-linux-gnueabihf-gcc ;;
	*) amp_die "no compiler for $1" ;;
	esac
}

# amp_e2e_keys: a firmware-signing key and certificate for the tests, made
# once per output tree with ampfw genkey. Prints the directory.
amp_e2e_keys() {
	local dir=$AMP_OUT/e2e-keys
	mkdir -p "$AMP_OUT"
	# Made by one caller at a time (make soak's lanes start together).
	(
		flock 9
		[ ! -f "$dir/.done" ] || exit 0
		mkdir -p "$dir"
		"$AMP_TOP/firmware_tools/ampfw" genkey --key "$dir/key.pem" --cert "$dir/cert.pem" \
			>"$dir/genkey.log" 2>&1 || { cat "$dir/genkey.log" >&2; amp_die "ampfw genkey failed"; }
		openssl x509 -in "$dir/cert.pem" -outform DER -out "$dir/cert.der"
		# A second key the guest never trusts: bundles signed with it
		# must be refused.
		"$AMP_TOP/firmware_tools/ampfw" genkey --key "$dir/other-key.pem" \
			--cert "$dir/other-cert.pem" >>"$dir/genkey.log" 2>&1 ||
			{ cat "$dir/genkey.log" >&2; amp_die "ampfw genkey failed"; }
		touch "$dir/.done"
	) 9>"$AMP_OUT/.lock-e2e-keys" || return 1
	echo "$dir"
}

# amp_e2e_payload ARCH DIR: everything the guest needs besides the modules,
# laid out as it goes into the guest's root:
#   /e2e/            the guest-side cases and their library (tests/e2e/guest)
#   /e2e/keys/       the test certificate (DER) to provision with keyctl
#   /usr/lib/firmware/ the sim images as signed bundles, plus the tampered,
#                    unsigned, wrong-target, wrong-key and rolled-back
#                    variants the refusal cases use
#   /usr/local/bin/  static test programs and amp-rpmsg for ARCH
amp_e2e_payload() {
	mkdir -p "$AMP_OUT"
	# One caller at a time: the tools, keys, images and programs are built
	# in shared places under $AMP_OUT (make soak's lanes start together).
	(
		flock 9
		amp_e2e_payload_locked "$@"
	) 9>"$AMP_OUT/.lock-e2e-payload"
}

amp_e2e_payload_locked() {
	local arch=$1 dir=$2 cc keys fw img base prog
	cc=$(amp_e2e_cc "$arch")
	rm -rf "$dir"
	mkdir -p "$dir/e2e/keys" "$dir/usr/lib/firmware" "$dir/usr/local/bin"
	make -s -C "$AMP_TOP" tools >"$AMP_OUT/e2e-tools.log" 2>&1 ||
		{ tail -n 20 "$AMP_OUT/e2e-tools.log" >&2; amp_die "make tools failed"; }
	cp -r "$AMP_TOP/tests/e2e/guest/." "$dir/e2e/"
	# AMP_E2E_CASES: glob patterns of the case files to keep (default: all).
	if [ -n "${AMP_E2E_CASES:-}" ]; then
		local c keep pat pats
		read -ra pats <<<"$AMP_E2E_CASES"
		for c in "$dir"/e2e/cases/*.sh; do
			keep=0
			for pat in "${pats[@]}"; do
				# shellcheck disable=SC2053 # a glob on purpose
				[[ $(basename "$c") == $pat ]] && keep=1
			done
			[ "$keep" = 1 ] || rm -f "$c"
		done
	fi
	keys=$(amp_e2e_keys)
	cp "$keys/cert.der" "$dir/e2e/keys/"

	fw=$AMP_OUT/e2e-fw
	rm -rf "$fw"
	mkdir -p "$fw"
	"$AMP_OUT/host/mksimfw" "$fw" >"$fw/mksimfw.log" 2>&1 ||
		{ cat "$fw/mksimfw.log" >&2; amp_die "mksimfw failed"; }
	for img in "$fw"/*.elf; do
		base=$(basename "$img" .elf)
		"$AMP_TOP/firmware_tools/ampfw" create "$img" -o "$dir/usr/lib/firmware/$base.ambn" \
			--key "$keys/key.pem" --cert "$keys/cert.pem" --target ampipc,sim \
			--security-version 2 >>"$fw/sign.log" 2>&1 || amp_die "ampfw create $img failed"
	done
	"$AMP_TOP/scripts/e2e-variants.sh" "$fw" "$dir/usr/lib/firmware" "$keys" >>"$fw/sign.log" 2>&1 ||
		{ tail -n 20 "$fw/sign.log" >&2; amp_die "making the refusal variants failed"; }

	for prog in "$AMP_TOP"/tests/e2e/progs/*.c; do
		[ -e "$prog" ] || continue
		"$cc" -static -O2 -Wall -Wextra -Werror -I"$AMP_TOP/include/uapi" \
			-o "$dir/usr/local/bin/$(basename "$prog" .c)" "$prog" ||
			amp_die "cannot build $(basename "$prog") for $arch"
	done
	mkdir -p "$AMP_OUT/e2e-bin-$arch"
	make -s -C "$AMP_TOP/firmware_tools/amp-rpmsg" CC="$cc" STATIC=1 \
		AMP_RPMSG="$AMP_OUT/e2e-bin-$arch/amp-rpmsg" >"$AMP_OUT/e2e-cli-$arch.log" 2>&1 ||
		{ tail -n 20 "$AMP_OUT/e2e-cli-$arch.log" >&2; amp_die "amp-rpmsg for $arch failed"; }
	cp "$AMP_OUT/e2e-bin-$arch/amp-rpmsg" "$dir/usr/local/bin/"
	# The userspace test programs (tests/userspace), built in a copy per
	# architecture.
	if [ -f "$AMP_TOP/tests/userspace/Makefile" ]; then
		local us=$AMP_OUT/e2e-userspace-$arch
		rm -rf "$us"
		cp -r "$AMP_TOP/tests/userspace" "$us"
		make -s -B -C "$us" CC="$cc" UAPI="$AMP_TOP/include/uapi" >"$us.log" 2>&1 ||
			{ tail -n 20 "$us.log" >&2; amp_die "tests/userspace for $arch failed"; }
		find "$us" -maxdepth 1 -type f -perm -u+x -exec cp {} "$dir/usr/local/bin/" \;
	fi
}

# amp_e2e_guest PREFIX WORK ARCH REL VMLINUZ KMODS BUILD_DIR ROOTLET PAYLOAD
# [PRELOAD...]: boot the kernel VMLINUZ (release REL) with the modules of
# BUILD_DIR (KMODS: that kernel's modules.builtin* and modules.order, or its
# whole /lib/modules/REL tree for a kernel whose own modules the cases load)
# and run the cases. PRELOAD names stock modules to load before ours (the
# coexistence cases). Calls `result` per case, then for the guest as a whole
# and for splats. AMP_E2E_RUN names another guest script to run instead of
# the cases (make demo). AMP_E2E_APPEND adds kernel command-line words.
amp_e2e_guest() {
	local pfx=$1 work=$2 arch=$3 rel=$4 vmlinuz=$5 kmods=$6 bdir=$7 rootlet=$8 payload=$9
	shift 9
	local stage=$work/initramfs log=$work/console.log ko qemu_ok=1 splats line st name detail
	amp_guest_stage "$rootlet" "$stage"
	mkdir -p "$stage/lib/modules/$rel/extra"
	if [ -d "$kmods/kernel" ]; then
		cp -a "$kmods/." "$stage/lib/modules/$rel/"
		rm -f "$stage/lib/modules/$rel/build" "$stage/lib/modules/$rel/source"
	else
		cp "$kmods"/modules.{builtin,builtin.modinfo,order} "$stage/lib/modules/$rel/"
	fi
	amp_modules "$bdir" | while read -r ko; do
		cp "$bdir/$ko" "$stage/lib/modules/$rel/extra/"
	done
	cp -a "$payload/." "$stage/"
	depmod -b "$stage" "$rel"
	cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox mkdir -p /usr/local/bin /usr/local/sbin
/bin/busybox --install -s /usr/local/sbin
# system(3) and #! scripts need /bin/sh.
[ -e /bin/sh ] || /bin/busybox ln -s busybox /bin/sh
export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmp /tmp
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
echo 'nogroup:x:65534:' >>/etc/group
echo 'ampipc:x:998:' >>/etc/group
echo 'e2euser:x:1000:998::/tmp:/bin/sh' >>/etc/passwd
[ -w /sys/kernel/debug/kmemleak ] && echo clear >/sys/kernel/debug/kmemleak
echo AMP-E2E-START
AMP_E2E_ARCH=$arch AMP_E2E_PRELOAD="$*" sh ${AMP_E2E_RUN:-/e2e/run.sh}
$(amp_guest_finish)
INIT
	chmod +x "$stage/init"
	amp_initramfs_pack "$stage" "$work/initramfs.cpio.gz"
	amp_log "booting $rel ($arch) for the end-to-end cases (console: $log)"
	# loglevel=5: the console carries KERN_WARNING (a WARN's level) for amp_splats.
	amp_guest_boot "$arch" "$vmlinuz" "$work/initramfs.cpio.gz" "$log" \
		"${AMP_E2E_TIMEOUT:-900}" "loglevel=5" ${AMP_E2E_APPEND:-} || qemu_ok=0
	while IFS= read -r line; do
		line=${line#*AMP-E2E }
		st=${line%% *}
		line=${line#"$st" }
		name=${line%% *}
		detail=
		[ "$name" = "$line" ] || detail=${line#"$name" }
		case "$st" in
		ok) result 1 "$pfx.$name" ;;
		skip) echo "ok $((n + 1)) - $pfx.$name # SKIP $detail"; n=$((n + 1)); skip=$((skip + 1)) ;;
		*) result 0 "$pfx.$name" "$detail" ;;
		esac
	done < <(grep -aoE 'AMP-E2E (ok|fail|skip) .*' "$log")
	if grep -q "AMP-UNLOAD-FAIL" "$log"; then
		result 0 "$pfx.final-unload" "$(grep -ao 'AMP-UNLOAD-FAIL.*' "$log" | tr -d '\r' | tr '\n' ' ')"
	else result 1 "$pfx.final-unload"; fi
	if grep -q "AMP-GUEST-DONE" "$log" && [ "$qemu_ok" = 1 ]; then result 1 "$pfx.guest"
	else
		amp_guest_tail "$log"
		result 0 "$pfx.guest" "guest did not finish; see $log"
	fi
	splats=$(amp_splats "$log")
	if [ -z "$splats" ]; then result 1 "$pfx.no-splat"
	else echo "$splats" | head -n 20 | sed 's/^/# /'; result 0 "$pfx.no-splat" "see $log"; fi
}
