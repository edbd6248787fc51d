/* Shared helpers of the tests on the libxl 4.17 and 4.20 references. */
#ifndef AXL_TESTREF_H
#define AXL_TESTREF_H

#include <libaxl.h>

/* tests/data/libxl-4.17: NAME.cfg and the NAME.dtb libxl made of it. */
const char *t_ref_dir(void);
/* tests/data/libxl-MAJ.MIN, the references of another libxl version. */
const char *t_ref_dir_for(unsigned int major, unsigned int minor);
/* Writes the synthetic kernel and ramdisk of INPUTS.md to t_tmpdir(). */
void t_ref_inputs(void);
/* Builds NAME.cfg from them, with @extra1 and @extra2 settings after it
 * (each NULL or KEY=VALUE), as `axl dt CONFIG K=V...` does. */
axl_guest *t_ref_build(const char *name, const char *extra1,
                       const char *extra2);
/* The same for the references of Xen @major.@minor, built for that
 * version whatever Xen axl was built against. */
axl_guest *t_ref_build_for(unsigned int major, unsigned int minor,
                           const char *name, const char *extra1,
                           const char *extra2);

#endif
