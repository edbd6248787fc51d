# axl: hand-written Makefile; ./configure writes config.mk.
-include config.mk

ifeq ($(wildcard config.mk),)
$(error run ./configure first (see README.md))
endif

LIB_MAJOR   := 1
LIB_VERSION := 1.0.0

WARN := -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
        -Wold-style-definition -Wsign-compare -Wundef -Wwrite-strings \
        -Wshadow -Wpointer-arith -Wvla $(WERROR)
AXL_CPPFLAGS := -D_GNU_SOURCE -Itools/libs/light/include \
        -Itools/libs/light -Ixen/include/public \
        -DAXL_XEN_VERSION_MAJOR=$(XEN_VERSION_MAJOR) \
        -DAXL_XEN_VERSION_MINOR=$(XEN_VERSION_MINOR) \
        -DAXL_XEN_ABI_MAJOR=$(XEN_ABI_MAJOR) \
        -DAXL_XEN_ABI_MINOR=$(XEN_ABI_MINOR) \
        -DAXL_XEN_ABI_DOMCTL=$(XEN_ABI_DOMCTL) \
        -DAXL_VERSION='"$(PACKAGE_VERSION)"'
STD := -std=c11
AXL_CFLAGS = $(STD) $(WARN) -fPIC $(CFLAGS)
ALL_CPPFLAGS = $(AXL_CPPFLAGS) $(CPPFLAGS)

# The hypervisor interface is real on Arm only; elsewhere a stub says so.
# The domain logic above it (axl_domain_*.c) builds everywhere.
ifneq ($(filter aarch64% arm%,$(TARGET_MACHINE)),)
HV_SRCS     := tools/libs/light/axl_hv_arm.c
DOMAIN_LIBS := -lxenguest -lxenctrl -lxenstore
else
HV_SRCS     := tools/libs/light/axl_hv_none.c
DOMAIN_LIBS :=
endif
LIB_SRCS := $(filter-out tools/libs/light/axl_hv_arm.c tools/libs/light/axl_hv_none.c,\
                $(wildcard tools/libs/light/*.c)) $(HV_SRCS)
LIB_OBJS := $(LIB_SRCS:.c=.o)
# Xen's public headers on Arm use anonymous unions (a GNU extension).
tools/libs/light/axl_hv_arm.o: STD := -std=gnu11
XL_SRCS  := $(wildcard tools/xl/*.c)
XL_OBJS  := $(XL_SRCS:.c=.o)
# Everything of the command but main(), for the tests.
XL_LIB_OBJS := $(filter-out tools/xl/axl.o,$(XL_OBJS))

LIB_LIBS := $(DOMAIN_LIBS) -lfdt -lz -lxentoollog
XL_LIBS  := -lxlutil -lxenlight -lyajl $(LIB_LIBS)

LIBA  := tools/libs/light/libaxl.a
LIBSO := tools/libs/light/libaxl.so.$(LIB_VERSION)
AXL   := tools/xl/axl

all: $(LIBA) $(LIBSO) $(AXL)

# config.mk holds the flags and the Xen version: a reconfigure rebuilds.
%.o: %.c config.mk
	$(CC) $(ALL_CPPFLAGS) $(AXL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Only the public API is exported, with symbol versions (libaxl.map).
LIB_MAP := tools/libs/light/libaxl.map
$(LIBSO): $(LIB_OBJS) $(LIB_MAP)
	$(CC) $(AXL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libaxl.so.$(LIB_MAJOR) \
	    -Wl,--version-script=$(LIB_MAP) -o $@ $(LIB_OBJS) $(LIB_LIBS) $(LIBS)

$(AXL): $(XL_OBJS) $(LIBA)
	$(CC) $(AXL_CFLAGS) $(LDFLAGS) -o $@ $(XL_OBJS) $(LIBA) $(XL_LIBS) $(LIBS)

include tests/tests.mk
include bench/bench.mk
include tools/host.mk

install: all
	$(MKDIR_P) $(DESTDIR)$(bindir) $(DESTDIR)$(libdir)/pkgconfig \
	    $(DESTDIR)$(includedir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5
	$(INSTALL) -m 755 $(AXL) $(DESTDIR)$(bindir)/axl
	$(INSTALL) -m 644 $(LIBA) $(DESTDIR)$(libdir)/libaxl.a
	$(INSTALL) -m 755 $(LIBSO) $(DESTDIR)$(libdir)/libaxl.so.$(LIB_VERSION)
	ln -sf libaxl.so.$(LIB_VERSION) $(DESTDIR)$(libdir)/libaxl.so.$(LIB_MAJOR)
	ln -sf libaxl.so.$(LIB_MAJOR) $(DESTDIR)$(libdir)/libaxl.so
	$(INSTALL) -m 644 tools/libs/light/include/libaxl.h $(DESTDIR)$(includedir)/libaxl.h
	sed -e 's|@prefix@|$(prefix)|' -e 's|@exec_prefix@|$(exec_prefix)|' \
	    -e 's|@libdir@|$(libdir)|' -e 's|@includedir@|$(includedir)|' \
	    -e 's|@PACKAGE_VERSION@|$(PACKAGE_VERSION)|' \
	    -e 's|@LIBS_PRIVATE@|$(DOMAIN_LIBS) -lfdt -lz|' axl.pc.in \
	    > $(DESTDIR)$(libdir)/pkgconfig/axl.pc
	$(INSTALL) -m 644 docs/man/axl.1 $(DESTDIR)$(mandir)/man1/axl.1
	$(INSTALL) -m 644 docs/man/axl.cfg.5 $(DESTDIR)$(mandir)/man5/axl.cfg.5

uninstall:
	rm -f $(DESTDIR)$(bindir)/axl $(DESTDIR)$(libdir)/libaxl.a \
	    $(DESTDIR)$(libdir)/libaxl.so* $(DESTDIR)$(includedir)/libaxl.h \
	    $(DESTDIR)$(libdir)/pkgconfig/axl.pc $(DESTDIR)$(mandir)/man1/axl.1 \
	    $(DESTDIR)$(mandir)/man5/axl.cfg.5

clean: tests-clean bench-clean
	rm -f tools/libs/light/*.o tools/libs/light/*.d tools/xl/*.o tools/xl/*.d \
	    $(LIBA) $(LIBSO) $(AXL)

distclean: clean
	rm -rf config.mk config.log config.status autom4te.cache

.PHONY: all install uninstall clean distclean

-include $(LIB_OBJS:.o=.d) $(XL_OBJS:.o=.d)

# A stub arm64 Image for the examples: the 64-byte header only (branch at
# 0, text_offset 0, image_size 2 MiB, flags 0xa, magic "ARM\x64" at 56).
examples/Image:
	printf '\010\000\000\024\000\000\000\000\000\000\000\000\000\000\000\000\000\000\040\000\000\000\000\000\012\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000ARMd\000\000\000\000' > $@
