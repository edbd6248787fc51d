/* The ABI values compared by test_abi, as a table per header. */
#ifndef ABI_VALUES_H
#define ABI_VALUES_H

#include <stddef.h>

typedef struct abi_value {
    const char *name;
    unsigned long long value;
} abi_value;

/* X-macro list: every value our header shares with Xen's public headers. */
#define ABI_LIST(X) \
    X(GUEST_VIRTIO_MMIO_BASE) X(GUEST_VIRTIO_MMIO_SIZE) \
    X(GUEST_VIRTIO_MMIO_SPI_FIRST) X(GUEST_VIRTIO_MMIO_SPI_LAST) \
    X(GUEST_GICD_BASE) X(GUEST_GICD_SIZE) X(GUEST_GICC_BASE) \
    X(GUEST_GICC_SIZE) X(GUEST_GICV3_GICD_BASE) X(GUEST_GICV3_GICD_SIZE) \
    X(GUEST_GICV3_RDIST_REGIONS) X(GUEST_GICV3_GICR0_BASE) \
    X(GUEST_GICV3_GICR0_SIZE) X(GUEST_VPCI_ECAM_BASE) \
    X(GUEST_VPCI_ECAM_SIZE) X(GUEST_ACPI_BASE) X(GUEST_ACPI_SIZE) \
    X(GUEST_PL011_BASE) X(GUEST_PL011_SIZE) X(GUEST_VPCI_ADDR_TYPE_MEM) \
    X(GUEST_VPCI_MEM_ADDR) X(GUEST_VPCI_MEM_SIZE) X(GUEST_GNTTAB_BASE) \
    X(GUEST_GNTTAB_SIZE) X(GUEST_MAGIC_BASE) X(GUEST_MAGIC_SIZE) \
    X(GUEST_RAM_BANKS) X(GUEST_RAM0_BASE) X(GUEST_RAM0_SIZE) \
    X(GUEST_VPCI_PREFETCH_MEM_ADDR) \
    X(GUEST_VPCI_PREFETCH_MEM_SIZE) X(GUEST_RAM1_BASE) X(GUEST_RAM1_SIZE) \
    X(GUEST_RAM_BASE) X(GUEST_RAM_MAX) X(GUEST_MAX_VCPUS) \
    X(GUEST_TIMER_VIRT_PPI) X(GUEST_TIMER_PHYS_S_PPI) \
    X(GUEST_TIMER_PHYS_NS_PPI) X(GUEST_EVTCHN_PPI) X(GUEST_VPL011_SPI) \
    X(PSCI_cpu_suspend) X(PSCI_cpu_off) X(PSCI_cpu_on) X(PSCI_migrate) \
    X(GUEST_PHANDLE_GIC) X(GUEST_PHANDLE_IOMMU) \
    X(GUEST_ROOT_ADDRESS_CELLS) X(GUEST_ROOT_SIZE_CELLS) \
    X(DT_IRQ_TYPE_EDGE_RISING) X(DT_IRQ_TYPE_LEVEL_HIGH) \
    X(DT_IRQ_TYPE_LEVEL_LOW)

#define ABI_ENTRY(n) { #n, (unsigned long long)(n) },

/* Values that differ between Xen versions (or exist only in some): each
 * unit states them for the installed version; a value the version does
 * not have is ABI_ABSENT. */
#define ABI_ABSENT (~0ULL)
#define ABI_VERSIONED_LIST(X) \
    X(GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM) \
    X(GUEST_FFA_NOTIF_PEND_INTR_ID) X(GUEST_FFA_SCHEDULE_RECV_INTR_ID)

extern const abi_value xen_versioned_values[];
extern const abi_value axl_versioned_values[];
extern const size_t nr_versioned_values;

extern const abi_value xen_abi_values[];
extern const abi_value axl_abi_values[];
extern const size_t nr_abi_values;

/* The bank tables, element by element. */
extern const unsigned long long xen_bank_bases[], xen_bank_sizes[];
extern const unsigned long long axl_bank_bases[], axl_bank_sizes[];

#endif
