# FeatureSweep — every build flag lives here, not in Package.swift.
#
#   make run     install what is missing, build, run jobs/quickstart.toml on all local cores
#   make test    unit tests, MPI integration tests, Python checks of the HDF5 output
#   make build   release build of .build/release/fsweep
#   make bench   fsweep against OpenBLAS, numpy and mpi4py, on this CPU (and its AVX2 path)
#   make deps    Debian packages (only those pkg-config cannot find; netcdf-bin, chromium and qemu-user
#                for the tests) and the Python venv
#
# TARGET_CPU=native by default: Swift SIMD code needs the vector ISA at compile time. Every
# binary holds the AVX-512 and the AVX2 GEMM kernels and picks one at run time (and
# OpenBLAS where it is faster), but the rest of the code uses what TARGET_CPU allows: a
# native build on an AVX-512 node refuses to start on an AVX2-only node, saying so. For a
# cluster of mixed or older nodes build for the oldest: TARGET_CPU=haswell (any AVX2 + FMA
# CPU: Haswell, Broadwell, AMD Zen 1-3) or skylake-avx512 / znver4 (AVX-512 nodes).

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT      ?= swift
TARGET_CPU ?= native
NP         ?= $(shell nproc)
PYTHON     ?= python3
VENV       ?= .venv
SPEC       ?= jobs/quickstart.toml
OUT        ?= results/quickstart.h5

SWIFT_FLAGS  = -Xswiftc -Ounchecked -Xswiftc -target-cpu -Xswiftc $(TARGET_CPU)
RELEASE      = -c release $(SWIFT_FLAGS)
# Tests run optimised too (the numerical tests are too slow in debug), in their own build folder.
TEST_BUILD   = -c release --scratch-path .build-test -Xswiftc -enable-testing $(SWIFT_FLAGS)
FSWEEP       = $(CURDIR)/.build/release/fsweep
# As root mpirun needs --allow-run-as-root; more ranks than cores need --oversubscribe.
MPIRUN       = mpirun $(if $(filter 0,$(shell id -u)),--allow-run-as-root) --oversubscribe

APT_PACKAGES = libopenmpi-dev openmpi-bin libhdf5-dev hdf5-tools libopenblas-dev liblapacke-dev pkg-config
# What only the tests need: ncdump (the netCDF-4 checks of /cube) and a headless browser (the report).
APT_TEST_PACKAGES = netcdf-bin chromium qemu-user
PY_PACKAGES  = h5py numpy pandas xarray h5netcdf netCDF4 matplotlib pytest playwright

.PHONY: all build build-avx2 run test soak bench deps apt apt-build apt-test venv test-build unit-test integration-test python-test clean

all: build

## deps: Debian packages only when pkg-config (or the tools) cannot find them, then the venv.
deps: apt venv

apt: apt-build apt-test

apt-build:
	@missing=0; \
	for pc in ompi-c hdf5 openblas lapacke; do pkg-config --exists $$pc 2>/dev/null || missing=1; done; \
	for tool in mpirun h5dump; do command -v $$tool >/dev/null || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  echo "make: installing $(APT_PACKAGES)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

apt-test:
	@missing=0; \
	for tool in ncdump chromium qemu-x86_64; do command -v $$tool >/dev/null || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  echo "make: installing $(APT_TEST_PACKAGES)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_TEST_PACKAGES) >/dev/null; \
	fi

# The stamp names the package list: a venv made before a package was added gets it.
VENV_STAMP = $(VENV)/.installed-$(shell echo '$(PY_PACKAGES)' | md5sum | cut -c1-8)
venv: $(VENV_STAMP)

$(VENV_STAMP):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q $(PY_PACKAGES)
	# the analysis package (analysis/featuresweep), importable without a build backend
	echo "$(CURDIR)/analysis" > $$($(VENV)/bin/python -c 'import site; print(site.getsitepackages()[0])')/featuresweep.pth
	rm -f $(VENV)/.installed*
	touch $@

build: apt-build
	$(SWIFT) build $(RELEASE) --product fsweep

## build-avx2: .build-avx2/release/fsweep for any AVX2 + FMA CPU (make bench measures its path)
AVX2_FSWEEP = $(CURDIR)/.build-avx2/release/fsweep
build-avx2: apt-build
	$(SWIFT) build -c release -Xswiftc -Ounchecked -Xswiftc -target-cpu -Xswiftc haswell --scratch-path .build-avx2 --product fsweep

run: build
	@mkdir -p $(dir $(OUT))
	@rm -f $(OUT) $(OUT).journal $(OUT).lock
	$(MPIRUN) -np $(NP) $(FSWEEP) run $(SPEC) --out $(OUT)
	@echo
	@echo "Results: $(OUT)   (every result is also in $(OUT).journal)"
	@echo "  $(FSWEEP) status $(OUT)"
	@echo "  python3 -c 'import h5py, pandas as pd; t = pd.DataFrame(h5py.File(\"$(OUT)\")[\"tasks\"][:]); print(t[[\"n\", \"alpha\", \"seed\", \"outliers\", \"theory_outliers\", \"test_mse\"]])'"
	@echo "  (h5py and pandas are in $(VENV) after 'make test' or 'make venv': $(VENV)/bin/python)"

test: build venv unit-test integration-test python-test

test-build: apt-build
	$(SWIFT) build $(TEST_BUILD) --build-tests

unit-test: test-build
	$(SWIFT) test $(TEST_BUILD) --skip-build --skip IntegrationTests

# The integration tests drive the release binary under mpirun.
integration-test: build test-build apt-test
	FSWEEP_BINARY=$(FSWEEP) $(SWIFT) test $(TEST_BUILD) --skip-build --filter IntegrationTests

python-test: build venv apt-test
	FSWEEP_BINARY=$(FSWEEP) MPIRUN="$(MPIRUN)" $(VENV)/bin/python -m pytest -q Tests/Python

## bench: fsweep vs OpenBLAS, numpy and mpi4py+numpy+h5py (BENCH_ARGS=--quick skips the 4096 sizes).
## On an AVX-512 CPU it then measures the AVX2 class the same way: a TARGET_CPU=haswell
## build against OpenBLAS, numpy and mpi4py all on OpenBLAS's Haswell kernels.
BENCH_COMPARE = $(VENV)/bin/python benchmarks/compare.py --mpirun "$(MPIRUN)" --ranks $(NP) \
	  --python $(VENV)/bin/python --spec $(SPEC) --workdir results/bench $(BENCH_ARGS)
bench: build venv
	$(VENV)/bin/python -c 'import mpi4py' 2>/dev/null || $(VENV)/bin/pip install -q mpi4py
	@mkdir -p results/bench
	$(BENCH_COMPARE) --fsweep $(FSWEEP) --label "this CPU, TARGET_CPU=$(TARGET_CPU)" --json-out results/bench/compare.json
	@if grep -qw avx512f /proc/cpuinfo; then \
	  $(MAKE) --no-print-directory build-avx2 && \
	  OPENBLAS_CORETYPE=Haswell $(BENCH_COMPARE) --fsweep $(AVX2_FSWEEP) --label "AVX2 class: TARGET_CPU=haswell build, OpenBLAS Haswell kernels" --target 4 \
	    --json-out results/bench/compare-avx2.json; \
	fi

## soak: the long kill-and-resume run (SOAK_SPEC, SOAK_KILLS, SOAK_RANKS; SOAK_TASKS=N instead of
## SOAK_SPEC: a generated smoke sweep of N tasks, e.g. make soak SOAK_TASKS=1000000 SOAK_RANKS=4 SOAK_KILLS=5).
SOAK_SPEC  ?= jobs/quickstart.toml
SOAK_KILLS ?= 20
SOAK_RANKS ?= 2
SOAK_TASKS ?=
soak: build venv
	FSWEEP_BINARY=$(FSWEEP) MPIRUN="$(MPIRUN)" $(VENV)/bin/python Tests/Soak/kill_resume.py \
	  $(if $(SOAK_TASKS),--tasks $(SOAK_TASKS),$(SOAK_SPEC)) --ranks $(SOAK_RANKS) --kills $(SOAK_KILLS)

clean:
	rm -rf .build .build-test .build-avx2
