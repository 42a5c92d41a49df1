package lab.memremap.model;

/**
 * Where struct dev_pagemap lives. Alistair Popple's "mm: Allow compound zone device pages"
 * (82ba975e4c43, v6.15) moved it from every struct page into struct folio, where it shares word 1
 * with compound_head.
 */
@Source(file = "include/linux/mm_types.h", ref = "82ba975e4c43")
public enum PgmapPlacement {
    /** Before 6.15: page->pgmap in every struct page; page_pgmap(page) reads the page's own word 1. */
    PER_PAGE,
    /** 6.15 and later: folio->pgmap; page_pgmap(page) is page_folio(page)->pgmap. */
    PER_FOLIO
}
