/* The values of axl's own xen/include/public/arch-arm.h. */
#include "arch-arm.h"

#include "abi_values.h"

const abi_value axl_abi_values[] = { ABI_LIST(ABI_ENTRY) };
/* The versioned values of the Xen this build is for (configure's). */
#if AXL_XEN_VERSION_MAJOR == 4 && AXL_XEN_VERSION_MINOR == 17
#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM_4_17
#define GUEST_FFA_NOTIF_PEND_INTR_ID      ABI_ABSENT
#define GUEST_FFA_SCHEDULE_RECV_INTR_ID   ABI_ABSENT
#elif AXL_XEN_VERSION_MAJOR == 4 && AXL_XEN_VERSION_MINOR == 20
#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM_4_20
#define GUEST_FFA_NOTIF_PEND_INTR_ID      GUEST_FFA_NOTIF_PEND_INTR_ID_4_20
#define GUEST_FFA_SCHEDULE_RECV_INTR_ID   GUEST_FFA_SCHEDULE_RECV_INTR_ID_4_20
#else
#error "arch-arm.h states the ABI of Xen 4.17 and 4.20 only"
#endif
const abi_value axl_versioned_values[] = { ABI_VERSIONED_LIST(ABI_ENTRY) };

const unsigned long long axl_bank_bases[] = GUEST_RAM_BANK_BASES;
const unsigned long long axl_bank_sizes[] = GUEST_RAM_BANK_SIZES;
