package lab.memremap.model;

/** struct completion: wait_for_completion() blocks until complete() has run. */
@Source(file = "kernel/sched/completion.c", ref = "v6.19")
public final class Completion {
    final String name;
    boolean done;

    Completion(String name) {
        this.name = name;
    }

    public boolean isDone() {
        return done;
    }

    @Override public String toString() {
        return name + (done ? " (completed)" : " (not completed)");
    }
}
