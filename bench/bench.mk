# Benchmarks: `make bench` prints figures (not pass/fail).
BENCH_MEMMAP := bench/build/bench_memmap

$(BENCH_MEMMAP): bench/bench_memmap.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -std=c11 $(WARN) -O2 -o $@ $< $(LIBA) $(LIB_LIBS)

bench: all $(BENCH_MEMMAP)
	$(BENCH_MEMMAP) bench/build/bench-Image
	AXL=$(AXL) sh bench/bench_dt.sh

bench-clean:
	rm -rf bench/build

.PHONY: bench bench-clean
