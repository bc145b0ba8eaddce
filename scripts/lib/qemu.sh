# shellcheck shell=bash
# QEMU guests for ampipc's tests: initramfs assembly, the KVM probe, boots
# with a serial console captured to a file, and splat detection.

# amp_initramfs_stage DIR: a busybox-static root with the host's kmod (real
# modprobe/insmod/rmmod/modinfo/depmod) and the shared libraries it needs.
amp_initramfs_stage() {
	local dir=$1 lib t
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,sbin,dev,proc,sys,tmp,etc,lib/modules,root}
	cp /bin/busybox "$dir/bin/busybox"
	cp /bin/kmod "$dir/sbin/kmod"
	for t in modprobe insmod rmmod lsmod modinfo depmod; do
		ln -s kmod "$dir/sbin/$t"
	done
	for lib in $(ldd /bin/kmod | grep -oE '/[^ ]+\.so[^ ]*'); do
		mkdir -p "$dir$(dirname "$lib")"
		cp -L "$lib" "$dir$lib"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
	echo 'root:x:0:' >"$dir/etc/group"
}

# amp_initramfs_pack DIR OUT: cpio+gzip DIR into OUT.
amp_initramfs_pack() {
	(cd "$1" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$2"
}

# amp_qemu_accel: "kvm" when a KVM guest boots here, else "tcg". KVM guests
# can hang on this machine, so a short probe boot decides; the result is kept
# for the rest of this run.
amp_qemu_accel() {
	local kernel=$1 probe=$AMP_OUT/kvm-probe
	if [ -n "${AMP_ACCEL:-}" ]; then echo "$AMP_ACCEL"; return; fi
	if [ -f "$probe.result" ]; then cat "$probe.result"; return; fi
	local res=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		amp_initramfs_stage "$probe.d"
		printf '#!/bin/busybox sh\necho AMP-KVM-PROBE-OK\n/bin/busybox reboot -f\n' >"$probe.d/init"
		chmod +x "$probe.d/init"
		amp_initramfs_pack "$probe.d" "$probe.cpio.gz"
		if timeout 20 qemu-system-x86_64 -enable-kvm -cpu host -m 256 -nographic \
			-no-reboot -net none -kernel "$kernel" -initrd "$probe.cpio.gz" \
			-append "console=ttyS0 panic=-1 quiet" </dev/null 2>&1 |
			grep -q AMP-KVM-PROBE-OK; then
			res=kvm
		fi
	fi
	echo "$res" >"$probe.result"
	amp_log "QEMU acceleration: $res"
	echo "$res"
}

# amp_qemu_x86 KERNEL INITRD LOG TIMEOUT [APPEND...]: boot an x86_64 guest
# to completion (the guest reboots, QEMU exits); the serial console goes to
# LOG. Returns non-zero if QEMU timed out.
amp_qemu_x86() {
	local kernel=$1 initrd=$2 log=$3 tmo=$4 accel
	shift 4
	accel=$(amp_qemu_accel "$kernel")
	local args=(-m 2048 -smp 2 -nographic -no-reboot -net none
		-kernel "$kernel" -initrd "$initrd"
		-append "console=ttyS0 panic=-1 printk.time=0 no_timer_check $*")
	if [ "$accel" = kvm ]; then args+=(-enable-kvm -cpu host); else args+=(-accel tcg); fi
	timeout "$tmo" qemu-system-x86_64 "${args[@]}" </dev/null >"$log" 2>&1
}

# amp_splats LOG: print the kernel splats found in a console log (KASAN,
# UBSAN, lockdep, kmemleak, WARN, BUG, Oops, panics, hung tasks, RCU stalls).
# With AMP_SPLATS_INJECTED=1 (fault-injection runs) the allocator's own
# reports of injected failures, stack dumps included, are not splats. With
# AMP_SPLATS_KCSAN=1 (the race-detection kernel) data-race reports are left
# to amp_kcsan_reports.
amp_splats() {
	awk -v inj="${AMP_SPLATS_INJECTED:-0}" -v kcsan="${AMP_SPLATS_KCSAN:-0}" '
		inj == 1 && /page allocation failure|vmalloc error|FAULT_INJECTION: forcing/ { skip = 1 }
		skip { if (/<\/TASK>/) skip = 0; next }
		kcsan == 1 && /BUG: KCSAN: / { race = 1 }
		race { if (/Reported by Kernel Concurrency Sanitizer/) { race = 2 } else if (race == 2 && /========================================/) { race = 0 }; next }
		{ print }' "$1" | grep -E 'BUG: |WARNING: |UBSAN: |Oops|general protection fault|Kernel panic|unreferenced object|INFO: task .* blocked|rcu: INFO|detected stall|kernel BUG|Call [Tt]race:|circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage' || true
}

# amp_kcsan_reports LOG: one line per KCSAN report in a console log, "ours"
# or "core", a tab, and its "BUG: KCSAN: ..." headline. A report is ours when
# any frame of either access's stack is in one of our modules ([amp_...]).
amp_kcsan_reports() {
	tr -d '\r' <"$1" | sed 's/^\[ *[0-9.]*\] //' | awk '
		/^BUG: KCSAN: / { race = 1; ours = 0; head = $0; next }
		race && /\[amp_[a-z0-9_]*\]/ { ours = 1 }
		race && /^Reported by Kernel Concurrency Sanitizer/ {
			printf "%s\t%s\n", ours ? "ours" : "core", head; race = 0 }'
}

# amp_kcsan_result NAME LOG OUT: the KCSAN reports of console LOG, kept in
# OUT and listed (`# KCSAN ours|core ...`), then result NAME: failed when a
# report has a frame of ours, passed when none has.
amp_kcsan_result() {
	local ours
	amp_kcsan_reports "$2" >"$3"
	sed 's/^/# KCSAN /' "$3"
	ours=$(grep -c '^ours' "$3" || true)
	if [ "$ours" = 0 ]; then result 1 "$1"
	else result 0 "$1" "$ours reports, see $3 and $2"; fi
}

# amp_guest_finish: the end of a test guest's /init, as shell text to put in
# it: remove every module of ours, users first (rmmod, not modprobe -r,
# which also tries dependencies still in use), printing AMP-UNLOAD-FAIL for
# each that stays; then, where kmemleak runs, two scans and the report;
# then AMP-GUEST-DONE and power off.
amp_guest_finish() {
	cat <<'FINISH'
for pass in 1 2 3 4 5 6 7 8; do
	for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do
		rmmod "$m"
	done
done
for m in $(awk '$1 ~ /^amp_/ { print $1 }' /proc/modules); do
	echo "AMP-UNLOAD-FAIL $m"
done
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	sleep 1
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi
echo AMP-GUEST-DONE
reboot -f
FINISH
}
