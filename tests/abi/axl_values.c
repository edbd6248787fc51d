/* The values of axl's own xen/include/public/arch-arm.h. */
#include "arch-arm.h"

#include "abi_values.h"

const abi_value axl_abi_values[] = { ABI_LIST(ABI_ENTRY) };
const unsigned long long axl_bank_bases[] = GUEST_RAM_BANK_BASES;
const unsigned long long axl_bank_sizes[] = GUEST_RAM_BANK_SIZES;
