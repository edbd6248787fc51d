/* SPDX-License-Identifier: MIT */
/*
 * arch-arm.h: the guest physical memory map and interrupt layout that Xen
 * on Arm gives every domU, for each Xen version axl supports (4.17 and
 * 4.20).  A name without a version suffix has the same value in all of
 * them; where they differ, each version's value has its own name
 * (..._4_17, ..._4_20) and nothing has the bare name.
 *
 * This is axl's own statement of the ABI, usable on any host: it has no
 * dependency on the Xen headers.  tests/abi checks every value against the
 * installed <xen/arch-arm.h> (the values for the installed version), so a
 * drift fails the tests.  The library reads the windows through one
 * layout table per version (tools/libs/light/axl_layout_arm.c).
 *
 * Do not include it together with Xen's own <xen/arch-arm.h>: the names are
 * the same on purpose, so that Xen developers read familiar code.
 *
 *   Guest physical address space (not to scale)
 *
 *   0x00_0000_0000 +---------------------------+
 *                  | (unused)                  |
 *   0x00_0200_0000 | virtio-mmio      1 MiB    |
 *   0x00_0300_1000 | GIC dist/cpu/redist       |  v2: 4K + 8K, v3: 64K + 16M
 *   0x00_1000_0000 | vPCI ECAM        256 MiB  |  only with PCI
 *   0x00_2000_0000 | ACPI tables      32 MiB   |  only with acpi=1
 *   0x00_2200_0000 | vpl011 UART      4 KiB    |  only with vuart="sbsa_uart"
 *   0x00_2300_0000 | vPCI MEM         256 MiB  |  only with PCI
 *   0x00_3800_0000 | grant table      16 MiB   |  /hypervisor reg region 0
 *   0x00_3900_0000 | magic pages      16 MiB   |  console, xenstore, ...
 *   0x00_4000_0000 | RAM bank 0       3 GiB    |
 *   0x01_0000_0000 | vPCI prefetch    4 GiB    |  only with PCI
 *   0x02_0000_0000 | RAM bank 1       1016 GiB |
 *   0x100_0000_0000 +--------------------------+  2^40
 */
#ifndef AXL_PUBLIC_ARCH_ARM_H
#define AXL_PUBLIC_ARCH_ARM_H

#ifdef __XEN_PUBLIC_ARCH_ARM_H__
#error "axl's arch-arm.h and Xen's <xen/arch-arm.h> define the same names"
#endif

#define GUEST_ULL(x) (x ## ULL)

/* virtio-mmio: 0x200 bytes and one SPI per device. */
#define GUEST_VIRTIO_MMIO_BASE       GUEST_ULL(0x02000000)
#define GUEST_VIRTIO_MMIO_SIZE       GUEST_ULL(0x00100000)
#define GUEST_VIRTIO_MMIO_SPI_FIRST  33
#define GUEST_VIRTIO_MMIO_SPI_LAST   43

/* vGIC v2 (distributor, CPU interface). v2 and v3 share the same base. */
#define GUEST_GICD_BASE              GUEST_ULL(0x03001000)
#define GUEST_GICD_SIZE              GUEST_ULL(0x00001000)
#define GUEST_GICC_BASE              GUEST_ULL(0x03002000)
#define GUEST_GICC_SIZE              GUEST_ULL(0x00002000)

/* vGIC v3 (distributor, one redistributor region for vCPU 0..127). */
#define GUEST_GICV3_GICD_BASE        GUEST_ULL(0x03001000)
#define GUEST_GICV3_GICD_SIZE        GUEST_ULL(0x00010000)
#define GUEST_GICV3_RDIST_REGIONS    1
#define GUEST_GICV3_GICR0_BASE       GUEST_ULL(0x03020000)
#define GUEST_GICV3_GICR0_SIZE       GUEST_ULL(0x01000000)

/* vPCI: 256 buses x 32 devices x 8 functions x 4 KiB of ECAM. */
#define GUEST_VPCI_ECAM_BASE         GUEST_ULL(0x10000000)
#define GUEST_VPCI_ECAM_SIZE         GUEST_ULL(0x10000000)

#define GUEST_ACPI_BASE              GUEST_ULL(0x20000000)
#define GUEST_ACPI_SIZE              GUEST_ULL(0x02000000)

#define GUEST_PL011_BASE             GUEST_ULL(0x22000000)
#define GUEST_PL011_SIZE             GUEST_ULL(0x00001000)

#define GUEST_VPCI_ADDR_TYPE_MEM     GUEST_ULL(0x02000000)
#define GUEST_VPCI_MEM_ADDR          GUEST_ULL(0x23000000)
#define GUEST_VPCI_MEM_SIZE          GUEST_ULL(0x10000000)

/* 4096 grant frames; a guest maps its grant table here (region 0). */
#define GUEST_GNTTAB_BASE            GUEST_ULL(0x38000000)
#define GUEST_GNTTAB_SIZE            GUEST_ULL(0x01000000)

/* Console, xenstore, memaccess and vuart rings: never free space. */
#define GUEST_MAGIC_BASE             GUEST_ULL(0x39000000)
#define GUEST_MAGIC_SIZE             GUEST_ULL(0x01000000)

#define GUEST_RAM_BANKS              2
#define GUEST_RAM0_BASE              GUEST_ULL(0x40000000)
#define GUEST_RAM0_SIZE              GUEST_ULL(0xc0000000)

/*
 * The prefetchable window's PCI address type: 0x42000000 in Xen 4.17 and
 * 4.18, 0x43000000 (64-bit) from 4.19 on.
 */
#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM_4_17 GUEST_ULL(0x42000000)
#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM_4_20 GUEST_ULL(0x43000000)
#define GUEST_VPCI_PREFETCH_MEM_ADDR GUEST_ULL(0x100000000)
#define GUEST_VPCI_PREFETCH_MEM_SIZE GUEST_ULL(0x100000000)

#define GUEST_RAM1_BASE              GUEST_ULL(0x0200000000)
#define GUEST_RAM1_SIZE              GUEST_ULL(0xfe00000000)

#define GUEST_RAM_BASE               GUEST_RAM0_BASE
#define GUEST_RAM_MAX                (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE)
#define GUEST_RAM_BANK_BASES         { GUEST_RAM0_BASE, GUEST_RAM1_BASE }
#define GUEST_RAM_BANK_SIZES         { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE }

#define GUEST_MAX_VCPUS              128

/* PPIs and SPIs. */
#define GUEST_TIMER_VIRT_PPI         27
#define GUEST_TIMER_PHYS_S_PPI       29
#define GUEST_TIMER_PHYS_NS_PPI      30
#define GUEST_EVTCHN_PPI             31
#define GUEST_VPL011_SPI             32

/* FF-A notification SGIs: Xen 4.19 and later only (none in 4.17). */
#define GUEST_FFA_NOTIF_PEND_INTR_ID_4_20      8
#define GUEST_FFA_SCHEDULE_RECV_INTR_ID_4_20   9

/* PSCI function ids the guest device tree advertises. */
#define PSCI_cpu_suspend             0
#define PSCI_cpu_off                 1
#define PSCI_cpu_on                  2
#define PSCI_migrate                 3

/* From Xen's device_tree_defs.h. */
#define GUEST_PHANDLE_GIC            65000
#define GUEST_PHANDLE_IOMMU          (GUEST_PHANDLE_GIC + 1)
#define GUEST_ROOT_ADDRESS_CELLS     2
#define GUEST_ROOT_SIZE_CELLS        2

#define DT_IRQ_TYPE_EDGE_RISING      0x00000001
#define DT_IRQ_TYPE_LEVEL_HIGH       0x00000004
#define DT_IRQ_TYPE_LEVEL_LOW        0x00000008

#endif /* AXL_PUBLIC_ARCH_ARM_H */
