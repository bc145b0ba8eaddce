# SPDX-License-Identifier: GPL-2.0
# ampipc: out-of-tree remote-processor (AMP) framework.
#
#   make              build the kernel modules against KDIR
#   make check        install what is missing, then run every test (CI runs this)
#   make help         list all targets

AMPIPC_ROOT := $(CURDIR)
AMPIPC_VERSION := $(shell cat $(AMPIPC_ROOT)/VERSION)

# KDIR: the running kernel's build dir when present, otherwise the newest
# Debian linux-headers-* installed.
ifeq ($(origin KDIR),undefined)
  KDIR := $(wildcard /lib/modules/$(shell uname -r)/build)
  ifeq ($(KDIR),)
    KDIR := $(lastword $(shell ls -d /usr/src/linux-headers-*-* 2>/dev/null | grep -v -- '-common$$' | sort -V))
    $(if $(KDIR),$(shell echo "ampipc: /lib/modules/$$(uname -r)/build not found; using $(KDIR)" >&2))
  endif
endif

# Toolchain settings given on the command line reach the compat probes too.
KBUILD_TOOLCHAIN := $(foreach v,ARCH CROSS_COMPILE CC LD LLVM,\
	$(if $(filter command line,$(origin $(v))),$(v)=$($(v))))
KBUILD_ARGS := -C $(KDIR) M=$(AMPIPC_ROOT) AMPIPC_ROOT=$(AMPIPC_ROOT) \
	AMPIPC_VERSION=$(AMPIPC_VERSION)
COMPAT_CONFIG := $(AMPIPC_ROOT)/compat/generated/amp_compat_config.h

.PHONY: all modules clean print-kdir cross lint tools sim-fw host-test kunit kunit-sid smoke bench bench-smoke \
	symvers-check matrix matrix-check fuzz check deps help e2e demo userspace soak soak-crash soak-fuzz-reload soak-check soak-kcsan soak-kcsan-check faultinject

all: modules

modules:
	@test -n "$(KDIR)" || { echo "no kernel headers: install linux-headers-$$(dpkg --print-architecture) or set KDIR" >&2; exit 1; }
	@$(AMPIPC_ROOT)/scripts/compat-probe.sh $(COMPAT_CONFIG) $(KDIR) $(KBUILD_TOOLCHAIN)
	$(MAKE) $(KBUILD_ARGS) modules

# Not kbuild's clean: that deletes every object, archive and .cmd file below
# M=, which here includes the git-ignored caches (.cache/: kernel trees,
# chroots, downloaded images) and out/. Only our own products go.
BUILD_PRODUCTS := -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name '.*.d' -o -name '*.o.d' -o -name modules.order
clean:
	find $(wildcard rproc_core rpmsg_bus backends tests/kunit tests/common tests/bench tests/soak) \
		\( $(BUILD_PRODUCTS) \) -type f -delete
	rm -f Module.symvers modules.order .Module.symvers.cmd .modules.order.cmd
	rm -rf compat/generated
	rm -f tests/kunit/amp_bundle_vectors.h
	if [ -d tests/host ]; then $(MAKE) -C tests/host clean; fi
	$(MAKE) -C firmware_tools clean
	$(MAKE) -C firmware_tools/amp-rpmsg clean
	$(MAKE) -C backends/sim/fw clean

print-kdir:
	@echo $(KDIR)

help:
	@echo "make [KDIR=...]    build the modules (W=1, C=1 are passed to kbuild)"
	@echo "make cross         build for Debian's stock arm64 and armhf kernels"
	@echo "make lint          checkpatch, sparse and W=1 on our files"
	@echo "make tools         host programs: ampfw, test helpers, the sim firmware images"
	@echo "make sim-fw        the sim firmware images, out/sim-fw/amp-sim-*.elf"
	@echo "make host-test     host tests of the shared parsers (and a short fuzz run)"
	@echo "make fuzz          fuzz each parser for FUZZ_SECONDS (default 600)"
	@echo "make bench         ours against mainline rpmsg in the bench kernel, and ampfw;"
	@echo "                   writes bench/results.json and bench/results.png"
	@echo "make bench-smoke   one short round of make bench in the debug kernel (results under out/)"
	@echo "make kunit         KUnit suites in the 6.1 debug test kernel under QEMU"
	@echo "make kunit-sid     the same in the KCSAN kernel built from sid's linux-source"
	@echo "make smoke         modprobe every module in Debian 12's stock amd64 kernel"
	@echo "make userspace     character devices from userspace in the debug kernel"
	@echo "make e2e           end-to-end cases: stock amd64, arm64 and armhf kernels, debug kernel"
	@echo "make faultinject   fail each allocation of each operation in turn (FI_LIMIT=N per operation)"
	@echo "make demo          the stack on the stock amd64 kernel in QEMU, with the sim"
	@echo "make soak          hostile-remote fuzzing, crash/recovery and reload soak (debug kernel, and KCSAN)"
	@echo "make soak-check    the same, short (make check runs it)"
	@echo "make soak-crash    its crash/recovery part in the debug kernel (make soak runs it)"
	@echo "make soak-fuzz-reload  its hostile-remote, reload and syscall parts there (make soak runs them)"
	@echo "make soak-kcsan    the crash soak in the race-detection (KCSAN) kernel (make soak runs it too)"
	@echo "make soak-kcsan-check  the same, short"
	@echo "make matrix        build, symbol-check and boot on every stock kernel of"
	@echo "                   tests/matrix/kernels.txt; writes docs/support-matrix.md"
	@echo "make symvers-check our exports against Debian's stock Module.symvers"
	@echo "make deb           Debian packages into out/deb, checked with lintian"
	@echo "make deb-test      install them in a bookworm system, upgrade its kernel, boot both"
	@echo "make dkms-install  dkms add/build/install from this checkout (KVER=...)"
	@echo "make dkms-remove   dkms remove and delete /usr/src/ampipc-VERSION"
	@echo "make check         all of the above; installs missing packages first"

deps:
	@scripts/install-deps.sh

cross:
	@scripts/cross-build.sh

lint:
	@scripts/lint.sh

tools: sim-fw
	$(MAKE) -C firmware_tools
	$(MAKE) -C firmware_tools/amp-rpmsg
	$(MAKE) -C tests/host tools

# The sim remote processor's firmware images (docs/sim.md).
sim-fw:
	$(MAKE) -C backends/sim/fw

host-test:
	@scripts/host-test.sh

# Longer fuzzing of the shared parsers (make check runs 60 s of each).
FUZZ_SECONDS ?= 600
fuzz:
	$(MAKE) -C tests/host fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

kunit:
	@scripts/run-kunit.sh

# Benchmarks, ours against mainline rpmsg side by side in one boot of the
# bench kernel (no debug options), and the host tool: bench/results.json,
# bench/results.png, a table (README, "Performance"). ROUNDS: rounds per figure.
# PROFILE=1: then the echo figures under perf, bench/profile.txt (ROUNDS=0:
# only that, in a few minutes).
bench:
	@AMP_BENCH_PROFILE=$(PROFILE) scripts/bench.sh $(ROUNDS)

# One short round of make bench (make check runs it): every figure must be
# produced, or skipped for a documented reason; speed is not judged. It runs
# in the debug kernel, which make check builds anyway and which also has
# mainline's rpmsg modules: a second kernel build would cost CI ten minutes
# for figures nobody reads (AMP_BENCH_KDIR= picks another kernel tree).
bench-smoke:
	@AMP_BENCH_KDIR=$${AMP_BENCH_KDIR-$$(scripts/build-test-kernel.sh)} scripts/bench.sh --smoke

kunit-sid:
	@scripts/run-kunit.sh --release sid

matrix:
	@scripts/matrix.sh --table docs/support-matrix.md --readme

# make check's form, documents untouched: every row built and symbol-checked;
# the smoke boots sid amd64 (the e2e target boots bookworm's amd64, arm64 and
# armhf kernels, loading and unloading every module with modprobe there, and
# deb-test bookworm-backports' 6.12); make matrix boots every row, twice.
matrix-check:
	@scripts/matrix.sh --boot "sid/amd64" --e2e none

smoke:
	@scripts/stock-smoke.sh

# The character devices from userspace, in the debug kernel, against the
# loopback remote (policy matrix as root and as another user, I/O, the CLI).
userspace:
	@scripts/run-userspace.sh

# End-to-end cases on the stock amd64, arm64 and armhf kernels and the debug
# kernel (E2E_TARGETS picks some of amd64 arm64 armhf debug).
e2e:
	@scripts/e2e.sh $(E2E_TARGETS)

# Allocation-failure injection in the debug kernel: the 1st, 2nd, ...
# allocation of each operation fails (FI_LIMIT: the last n per operation,
# 0 = until each completes; FI_OPS: some of the operations; FI_FIRST: the
# first n, to re-run the tail of a sweep).
FI_LIMIT ?= 0
FI_FIRST ?= 1
faultinject:
	@AMP_FI_OPS="$(FI_OPS)" AMP_FI_FIRST="$(FI_FIRST)" scripts/faultinject.sh $(FI_LIMIT)

# The main job: the whole stack on Debian's stock kernel, from nothing.
demo:
	@scripts/demo.sh

symvers-check:
	@scripts/symvers-check.sh

# Hostile-remote fuzzing and the crash/recovery soak in the debug kernel
# (tests/soak/), and its concurrency parts in the race-detection (KCSAN)
# kernel: the full runs, and make check's short forms. make soak runs three
# guests in two lanes side by side (TCG guests keep about one core busy
# each), through make check's runner: the debug kernel's crash part, which
# takes longest, beside its other parts, then the KCSAN variant; the
# result lines in that order, then one total.
soak:
	@AMP_CHECK_PREBUILD=0 AMP_CHECK_TARGETS="soak-crash+soak-fuzz-reload,soak-kcsan" \
		scripts/check.sh

soak-crash:
	@SOAK_PARTS=crash SOAK_LANE=crash scripts/soak.sh

soak-fuzz-reload:
	@SOAK_PARTS="hostile reload sysfuzz" SOAK_LANE=fuzz-reload scripts/soak.sh

soak-check:
	@scripts/soak.sh --short

soak-kcsan:
	@scripts/soak.sh --kcsan

soak-kcsan-check:
	@scripts/soak.sh --kcsan --short

check:
	@scripts/check.sh

# Debian packages and DKMS (docs/packaging.md).
.PHONY: deb deb-test dkms-install dkms-remove

# ampipc-dkms into out/deb/, then lintian and checks of the shipped tree.
deb:
	@scripts/deb.sh

# DKMS from this checkout: make dkms-install [KVER=release] [KDIR=its headers]
# (default: the running kernel).
dkms-install:
	@scripts/deb.sh dkms-install "$(or $(KVER),$(shell uname -r))" \
		"$(if $(filter command line,$(origin KDIR)),$(KDIR))"

dkms-remove:
	@scripts/deb.sh dkms-remove

# The packages in a debootstrap'ed bookworm through a kernel upgrade to
# bookworm-backports: DKMS rebuilds, both kernels boot and load the modules.
deb-test:
	@scripts/deb-test.sh
