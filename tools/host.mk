# The files of a host install beyond the command and the library: the
# axl-domains service (systemd unit, init script, settings) and bash
# completion.  Included from the top-level Makefile.

sysconfdir     ?= $(prefix)/etc
libexecdir     ?= $(exec_prefix)/libexec
systemdunitdir ?= $(prefix)/lib/systemd/system
bashcompdir    ?= $(datarootdir)/bash-completion/completions

HP := tools/hotplug/Linux
HOST_FILES := $(HP)/axl-domains $(HP)/init.d/axl-domains \
              $(HP)/systemd/axl-domains.service tools/completion/axl

host-files: $(HOST_FILES)

HOST_SUBST = sed -e 's|@bindir@|$(bindir)|g' -e 's|@sysconfdir@|$(sysconfdir)|g' \
                 -e 's|@libexecdir@|$(libexecdir)|g'

# Built for the tests; make install writes them again with its own paths
# (prefix=... on its command line), as it does axl.pc.
$(HP)/%: $(HP)/%.in config.mk
	$(HOST_SUBST) $< > $@.tmp && chmod --reference=$< $@.tmp && mv $@.tmp $@

tools/completion/axl: tools/completion/axl.bash.in tools/completion/mkkeys.sh \
                      $(wildcard tools/xl/axl_keys.c) tools/xl/axl_parse.c
	keys=$$(sh tools/completion/mkkeys.sh .) && [ -n "$$keys" ] && \
	sed -e "s|@AXL_KEYS@|$$keys|" $< > $@.tmp && mv $@.tmp $@

all: host-files

install: install-host
install-host: host-files
	$(MKDIR_P) $(DESTDIR)$(libexecdir)/axl $(DESTDIR)$(sysconfdir)/init.d \
	    $(DESTDIR)$(sysconfdir)/default $(DESTDIR)$(systemdunitdir) \
	    $(DESTDIR)$(bashcompdir)
	$(HOST_SUBST) $(HP)/axl-domains.in \
	    > $(DESTDIR)$(libexecdir)/axl/axl-domains
	$(HOST_SUBST) $(HP)/init.d/axl-domains.in \
	    > $(DESTDIR)$(sysconfdir)/init.d/axl-domains
	chmod 755 $(DESTDIR)$(libexecdir)/axl/axl-domains \
	    $(DESTDIR)$(sysconfdir)/init.d/axl-domains
	$(HOST_SUBST) $(HP)/systemd/axl-domains.service.in \
	    > $(DESTDIR)$(systemdunitdir)/axl-domains.service
	$(INSTALL) -m 644 $(HP)/default.axl-domains \
	    $(DESTDIR)$(sysconfdir)/default/axl-domains
	$(INSTALL) -m 644 tools/completion/axl $(DESTDIR)$(bashcompdir)/axl

uninstall: uninstall-host
uninstall-host:
	rm -f $(DESTDIR)$(libexecdir)/axl/axl-domains \
	    $(DESTDIR)$(sysconfdir)/init.d/axl-domains \
	    $(DESTDIR)$(sysconfdir)/default/axl-domains \
	    $(DESTDIR)$(systemdunitdir)/axl-domains.service \
	    $(DESTDIR)$(bashcompdir)/axl
	-rmdir $(DESTDIR)$(libexecdir)/axl 2>/dev/null

clean: host-clean
host-clean:
	rm -f $(HOST_FILES)

.PHONY: host-files install-host uninstall-host host-clean
