package lab.memremap.kernel.magics;

import java.util.List;

/** What magics need from the kernel, and nothing more. */
public interface MagicHost {
    /** Adds jars or directories to the class path of snippets, in one batch. */
    void addToClasspath(List<String> entries);

    /** Evaluates code inside the running cell and returns its value (null when it has none). */
    Object evalNested(String code) throws Exception;

    /** Shows text in the frontend's pager (Jupyter's "page" payload) for the running cell. */
    void page(String text, String html);

    /** The variables the cells have defined, in the order they were declared. */
    List<VarsMagic.Variable> variables();
}
