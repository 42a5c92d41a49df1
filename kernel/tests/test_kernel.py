"""jupyter_kernel_test (Debian's python3-jupyter-kernel-test) against the memremap-lab kernel.

Run with the kernelspec on JUPYTER_PATH, e.g. through kernel/test:
    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 -m unittest -v kernel/tests/test_kernel.py
"""
import os
import unittest

import jupyter_kernel_test


class MemremapJavaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("MEMREMAP_KERNEL_NAME", "java")
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        # JShell hides class-path packages from completion (JDK-8177650); the kernel adds them.
        {"text": "lab.memremap.kernel.ren", "matches": {"render."}},
    ]
    complete_code_samples = ["1", "int x = 1;", "void f() {}", "%jars x.jar"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void f() {"]
    invalid_code_samples = ["int x = ;", ")("]
    code_generate_error = 'throw new RuntimeException("boom");'
    code_execute_result = [
        {"code": "1+2", "result": "3"},
        {"code": '"a"+"b"', "result": "ab"},
    ]
    code_display_data = [
        {"code": 'display("<b>x</b>", "text/html");', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, 1));", "mime": "image/png"},
    ]
    code_inspect_sample = "Math.abs"
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")
    code_clear_output = "clearOutput();"
    code_page_something = "?Math.abs"


if __name__ == "__main__":
    unittest.main()
