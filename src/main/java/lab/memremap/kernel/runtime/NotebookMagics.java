package lab.memremap.kernel.runtime;

import java.util.List;
import lab.memremap.kernel.WorkbookKernel;

/** What transpiled magics call (and notebooks may call directly): {@code lineMagic} and {@code cellMagic}. */
public final class NotebookMagics {
    private NotebookMagics() {}

    public static <T> T lineMagic(String name, List<String> args) throws Exception {
        return WorkbookKernel.instance().getMagics().applyLineMagic(name, args);
    }

    public static <T> T cellMagic(String name, List<String> args, String body) throws Exception {
        return WorkbookKernel.instance().getMagics().applyCellMagic(name, args, body);
    }
}
