/* Shared helpers of the tests on the libxl 4.17 references. */
#ifndef AXL_TESTREF_H
#define AXL_TESTREF_H

#include <libaxl.h>

/* tests/data/libxl-4.17: NAME.cfg and the NAME.dtb libxl made of it. */
const char *t_ref_dir(void);
/* Writes the synthetic kernel and ramdisk of INPUTS.md to t_tmpdir(). */
void t_ref_inputs(void);
/* Builds NAME.cfg from them, with @extra1 and @extra2 settings after it
 * (each NULL or KEY=VALUE), as `axl dt CONFIG K=V...` does. */
axl_guest *t_ref_build(const char *name, const char *extra1,
                       const char *extra2);

#endif
