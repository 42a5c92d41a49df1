package lab.memremap.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The deferred split queue (struct deferred_split): partially mapped anon large folios wait here for
 * the shrinker to split them. A folio is on it when page[2]'s _deferred_list links to the queue.
 */
@Source(file = "mm/huge_memory.c", ref = "v6.19")
public final class DeferredSplitQueue {
    /** What INIT_LIST_HEAD leaves in _deferred_list: an empty list (pointing at itself). */
    public static final Object EMPTY_LIST = new Object() {
        @Override public String toString() {
            return "_deferred_list (empty)";
        }
    };
    /** What _deferred_list holds while the folio is queued. */
    public static final Object ON_QUEUE = new Object() {
        @Override public String toString() {
            return "_deferred_list (on split_queue)";
        }
    };

    final List<Integer> heads = new ArrayList<>();

    /** Head pfns on the queue, in queue order. */
    public List<Integer> headIndexes() {
        return Collections.unmodifiableList(heads);
    }

    public int split_queue_len() {
        return heads.size();
    }
}
