package lab.memremap.model;

import java.util.BitSet;
import java.util.TreeMap;

/**
 * One 64-bit struct page word that only a few pages use (share, private): a value per page index,
 * 0 where none is stored. A bitmap says which pages hold a value, so the common case (clearing the word
 * of every page of a folio, most of them already 0) neither boxes nor hashes. Sorted, so that a snapshot
 * of it is canonical.
 */
final class SparseWords {
    private final TreeMap<Integer, Long> values = new TreeMap<>();
    private final BitSet present = new BitSet();

    long getOrDefault(int page, long otherwise) {
        return present.get(page) ? values.get(page) : otherwise;
    }

    void put(int page, long value) {
        if (value == 0) {
            remove(page);
            return;
        }
        values.put(page, value);
        present.set(page);
    }

    void remove(int page) {
        if (!present.get(page)) return;
        values.remove(page);
        present.clear(page);
    }

    int size() {
        return values.size();
    }

    @Override public String toString() {
        return values.toString();
    }
}
