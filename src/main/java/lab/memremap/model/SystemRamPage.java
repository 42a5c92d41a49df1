package lab.memremap.model;

/**
 * A struct page of system RAM, which the model does not simulate: what a driver keeps a pointer to in a
 * device page's zone_device_data (test_hmm's backing page of a device-private page). The probe prints
 * such a pointer as "page".
 *
 * @param what whose page it is, for the reader
 */
public record SystemRamPage(String what) {}
