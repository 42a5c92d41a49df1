"""Runs kernel/tests/notebooks/ijava-compat.ipynb, a notebook written for IJava, unchanged on our kernel
(with nbclient, as nbconvert --execute does) and checks what each cell produced.

    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 kernel/tests/run_ijava_notebook.py [kernel-name]
"""
import base64
import os
import sys

import nbformat
from nbclient import NotebookClient

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "notebooks", "ijava-compat.ipynb")
nb = nbformat.read(path, as_version=4)
kernel = sys.argv[1] if len(sys.argv) > 1 else "java"
NotebookClient(nb, kernel_name=kernel, timeout=120, resources={"metadata": {"path": os.path.dirname(path)}}).execute()
out = [cell.outputs for cell in nb.cells]


def check(condition, what):
    if not condition:
        sys.exit(f"ijava-compat.ipynb: {what}\noutputs: {out}")


png = base64.b64decode(out[1][0]["data"]["image/png"])
check(png[:8] == b"\x89PNG\r\n\x1a\n" and png[-8:] == b"IEND\xaeB`\x82", "cell 2: display(BufferedImage) is a whole PNG")
check(out[2][0]["data"]["text/plain"] == "1", "cell 3: %classpath used as an expression returns the added path")
check(out[4][0]["data"]["text/html"] == "<em>MARCH</em>", "cell 5: a renderer registered through IJava.getKernelInstance()")
check(out[5][0]["data"]["text/markdown"] == "# Title", "cell 6: render(..., text/markdown) as Out")
check(out[6][0]["data"]["text/plain"] == "count 3", "cell 7: updateDisplay replaced the display")
check(out[7][0]["text"] == "7-ok\n", "cell 8: printf")
print(f"ijava-compat.ipynb ran unchanged on kernel '{kernel}'")
