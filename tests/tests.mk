# Tests: `make check` builds libaxl and the command again with ASan and
# UBSan under tests/build/, runs every cmocka suite, then runs the command
# under valgrind.  Included from the top-level Makefile.

TB := tests/build
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
# The packager's CFLAGS and LDFLAGS apply to the test programs too.
TEST_CFLAGS = $(STD) $(WARN) -g -O1 $(CFLAGS) $(SAN_FLAGS) -Wno-missing-prototypes
TEST_LDFLAGS = $(TEST_CFLAGS) $(LDFLAGS)
TEST_CPPFLAGS := $(AXL_CPPFLAGS) $(CPPFLAGS) -Itools/xl -Itests/common

SAN_LIB_OBJS := $(patsubst %.c,$(TB)/%.o,$(LIB_SRCS))
SAN_XL_OBJS  := $(patsubst %.c,$(TB)/%.o,$(XL_SRCS))
SAN_XL_LIB_OBJS := $(filter-out $(TB)/tools/xl/axl.o,$(SAN_XL_OBJS))
COMMON_OBJS := $(patsubst %.c,$(TB)/%.o,$(wildcard tests/common/*.c))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(TB)/unit/%,$(wildcard tests/unit/test_*.c))
GOLDEN_TESTS := $(TB)/golden/test_golden
CLI_TESTS := $(TB)/cli/test_cli
ABI_TESTS := $(TB)/abi/test_abi
SAN_AXL := $(TB)/axl

$(TB)/tools/libs/light/axl_hv_arm.o: STD := -std=gnu11

ALL_TESTS := $(ABI_TESTS) $(UNIT_TESTS) $(GOLDEN_TESTS) $(CLI_TESTS)

include tests/fuzz/fuzz.mk

$(TB)/%.o: %.c config.mk
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CPPFLAGS) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(SAN_AXL): $(SAN_XL_OBJS) $(SAN_LIB_OBJS)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ $(XL_LIBS)

$(TB)/unit/%: $(TB)/tests/unit/%.o $(SAN_LIB_OBJS) $(SAN_XL_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ $(XL_LIBS) -lcmocka

$(TB)/golden/test_golden: $(TB)/tests/golden/test_golden.o $(SAN_LIB_OBJS) $(SAN_XL_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ $(XL_LIBS) -lcmocka

$(TB)/cli/test_cli: $(TB)/tests/cli/test_cli.o $(SAN_LIB_OBJS) $(SAN_XL_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ $(XL_LIBS) -lcmocka

# The ABI check compiles Xen's own header in one unit and ours in another.
$(TB)/tests/abi/xen_values.o: tests/abi/xen_values.c config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -D__XEN_TOOLS__ -Itests/abi $(TEST_CFLAGS) -c -o $@ $<

$(TB)/abi/test_abi: $(TB)/tests/abi/test_abi.o $(TB)/tests/abi/axl_values.o $(TB)/tests/abi/xen_values.o
	@mkdir -p $(dir $@)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ -lcmocka

# The test objects are kept (not intermediate): a warm `make check`
# compiles nothing.
.SECONDARY: $(patsubst %.c,$(TB)/%.o,$(wildcard tests/unit/test_*.c))

tests-build: $(ALL_TESTS) $(SAN_AXL) $(AXL) $(FUZZ_REPLAYS) host-files

# Each suite runs from the top of the tree; the CLI tests run the
# sanitizer build of the command.
check: tests-build
	@failed=0; \
	for t in $(ALL_TESTS); do \
	    echo "== $$t"; \
	    AXL=$(SAN_AXL) AXL_TOP=$(CURDIR) DTC=$(DTC) $$t || failed=1; \
	done; \
	echo "== fuzz corpora and crashes (replay)"; \
	$(MAKE) -s fuzz-replay || failed=1; \
	echo "== valgrind"; \
	AXL=$(AXL) sh tests/valgrind.sh || failed=1; \
	echo "== install"; \
	AXL_TOP=$(CURDIR) sh tests/install.sh || failed=1; \
	echo "== symbols"; \
	AXL_TOP=$(CURDIR) sh tests/symbols.sh || failed=1; \
	echo "== host"; \
	AXL_TOP=$(CURDIR) sh tests/host/test-axl-domains.sh || failed=1; \
	AXL_TOP=$(CURDIR) AXL=$(AXL) bash tests/host/test-completion.sh || failed=1; \
	exit $$failed

tests-clean: fuzz-clean
	rm -rf $(TB)

.PHONY: check tests-build tests-clean

-include $(shell find $(TB) -name '*.d' 2>/dev/null)
