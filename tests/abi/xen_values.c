/*
 * The values of the installed Xen public headers, as the toolstack sees
 * them (__XEN_TOOLS__).  <xen/xen.h> would pull in the build host's
 * architecture, so the Arm header is included on its own, with the two
 * helpers xen.h normally gives it.
 */
#include <stdint.h>

#define xen_mk_ullong(x) x##ULL
#define __DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { type *p; } __guest_handle_##name; \
    typedef struct { union { type *p; uint64_t q; }; } \
        __guest_handle_64_##name
#include <xen/arch-arm.h>
#include <xen/device_tree_defs.h>

#include "abi_values.h"

const abi_value xen_abi_values[] = { ABI_LIST(ABI_ENTRY) };
const size_t nr_abi_values = sizeof(xen_abi_values) / sizeof(xen_abi_values[0]);
/* Names the older versions do not define count as absent. */
#ifndef GUEST_FFA_NOTIF_PEND_INTR_ID
#define GUEST_FFA_NOTIF_PEND_INTR_ID ABI_ABSENT
#define GUEST_FFA_SCHEDULE_RECV_INTR_ID ABI_ABSENT
#endif
const abi_value xen_versioned_values[] = { ABI_VERSIONED_LIST(ABI_ENTRY) };
const size_t nr_versioned_values =
    sizeof(xen_versioned_values) / sizeof(xen_versioned_values[0]);

const unsigned long long xen_bank_bases[] = GUEST_RAM_BANK_BASES;
const unsigned long long xen_bank_sizes[] = GUEST_RAM_BANK_SIZES;
