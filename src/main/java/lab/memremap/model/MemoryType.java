package lab.memremap.model;

/** enum memory_type of include/linux/memremap.h. */
@Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
public enum MemoryType {
    /** Device memory the CPU cannot address; pages hold migrated anon data (HMM, GPU VRAM). */
    MEMORY_DEVICE_PRIVATE,
    /** Device memory the CPU can address coherently (e.g. AMD's SPM); pages may be mapped directly. */
    MEMORY_DEVICE_COHERENT,
    /** Persistent memory used by a DAX filesystem; pages idle at refcount 0 and wake waiters. */
    MEMORY_DEVICE_FS_DAX,
    /** device-dax: pages idle at refcount 1; large folios come from vmemmap_shift. */
    MEMORY_DEVICE_GENERIC,
    /** Peer-to-peer DMA BARs; drivers/pci/p2pdma.c accounts its own pgmap refs. */
    MEMORY_DEVICE_PCI_P2PDMA;

    /** Types whose pgmap ref counts only pages handed out by zone_device_page_init(). */
    public boolean countsPerAllocation() {
        return this == MEMORY_DEVICE_PRIVATE || this == MEMORY_DEVICE_COHERENT;
    }
}
