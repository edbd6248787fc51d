# Fuzzing (tests/fuzz/README.md), included from tests/tests.mk.
# `make check` replays every kept corpus and crash through each harness,
# built with the tests' compiler and sanitizers (no libFuzzer needed);
# `make fuzz` builds the harnesses with clang's libFuzzer and runs each
# for FUZZ_SECONDS, adding any crash it finds to tests/fuzz/crashes/.

FUZZ_HARNESSES := dtcheck config pdt kernel devices xsdevices devd
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FB := tests/build-fuzz

# Leaks inside libxlutil are not axl's (see the file).
FUZZ_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0

# ---- replay, part of make check ----
FUZZ_REPLAYS := $(patsubst %,$(TB)/fuzz/replay_%,$(FUZZ_HARNESSES))
# The fake host (tests/common/fake_hv.c) for the device harnesses; not
# the rest of tests/common, which is cmocka's.
FUZZ_REPLAY_COMMON := $(TB)/tests/fuzz/fuzz_common.o $(TB)/tests/fuzz/replay.o \
                      $(TB)/tests/common/fake_hv.o

$(TB)/fuzz/replay_%: $(TB)/tests/fuzz/fuzz_%.o $(FUZZ_REPLAY_COMMON) \
                     $(SAN_LIB_OBJS) $(SAN_XL_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $^ $(XL_LIBS)

fuzz-replay: $(FUZZ_REPLAYS)
	@failed=0; \
	for h in $(FUZZ_HARNESSES); do \
	    $(FUZZ_ENV) $(TB)/fuzz/replay_$$h tests/fuzz/corpus/$$h \
	        tests/fuzz/crashes/$$h || failed=1; \
	done; \
	exit $$failed

# Reproducers of bugs not fixed yet (README.md): each should still fail;
# one that passes has been fixed and belongs in crashes/NAME/.
fuzz-open: $(FUZZ_REPLAYS)
	@for h in $(FUZZ_HARNESSES); do \
	    for f in tests/fuzz/crashes/$$h-open/*; do \
	        [ -f "$$f" ] || continue; \
	        if out=$$(exec 2>&1; $(FUZZ_ENV) $(TB)/fuzz/replay_$$h "$$f"; \
	                  exit $$?); then \
	            echo "fixed: $$f (git mv it to tests/fuzz/crashes/$$h/)"; \
	        else \
	            echo "still fails: $$f: $$(echo "$$out" | head -1)"; \
	        fi; \
	    done; \
	done

# ---- libFuzzer ----
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -g -O1 $(filter-out -Werror,$(WARN)) \
               -Wno-missing-prototypes $(FUZZ_SAN)
FUZZ_OBJS := $(patsubst %.c,$(FB)/%.o,$(LIB_SRCS) \
                 $(filter-out tools/xl/axl.c,$(XL_SRCS)) \
                 tests/fuzz/fuzz_common.c tests/common/fake_hv.c)
FUZZ_BINS := $(patsubst %,$(FB)/fuzz_%,$(FUZZ_HARNESSES))

$(FB)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(TEST_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -MMD -MP -c -o $@ $<

$(FB)/fuzz_%: $(FB)/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(XL_LIBS)

# New inputs go to $(FB)/corpus (not kept); crashes to tests/fuzz/crashes,
# to be committed with their fix.  The last status line of each run
# (execs/s, cov:, ft:) is printed.
fuzz: $(FUZZ_BINS)
	@for h in $(FUZZ_HARNESSES); do \
	    mkdir -p $(FB)/corpus/$$h tests/fuzz/crashes/$$h; \
	    echo "== fuzz $$h ($(FUZZ_SECONDS) s)"; \
	    $(FUZZ_ENV) $(FB)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) \
	        -timeout=10 \
	        -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 \
	        -close_fd_mask=2 \
	        -artifact_prefix=tests/fuzz/crashes/$$h/ \
	        $(FB)/corpus/$$h tests/fuzz/corpus/$$h \
	        > $(FB)/$$h.log 2>&1; \
	    echo "   exit $$?; log $(FB)/$$h.log"; \
	    grep -E '^#[0-9]+.*(pulse|DONE|REDUCE|NEW)' $(FB)/$$h.log | tail -1; \
	    grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' \
	        $(FB)/$$h.log; \
	done

fuzz-clean:
	rm -rf $(FB)

.PHONY: fuzz fuzz-replay fuzz-open fuzz-clean

-include $(shell find $(FB) -name '*.d' 2>/dev/null)
