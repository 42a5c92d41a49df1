"""Tests of nbtool.py: the notebook check must catch what it says it catches.

The comparison is tested on hand-made outputs; the whole pipeline (execute, compare, refresh,
guard against notebooks that write files) on a small notebook run by Debian's Python kernel, so
that this test does not depend on the Java kernel. Run: /usr/bin/python3 -m unittest discover -s src/test/notebooks
"""

import base64
import contextlib
import io
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
import nbtool  # noqa: E402

NBTOOL = Path(__file__).parent / "nbtool.py"


def make_png(width=3, height=2, shade=0x80):
    """A valid greyscale PNG built by hand."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    return (nbtool.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def b64(data):
    return base64.b64encode(data).decode("ascii")


def display(mime, value):
    return nbformat.v4.new_output("display_data", data={mime: value})


def stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


class ImageChecks(unittest.TestCase):
    def test_valid_png_decodes(self):
        self.assertEqual(nbtool.check_png(make_png(5, 4)), (5, 4))

    def test_png_missing_last_bytes_is_caught(self):
        # what the base library's PNG renderer does to some images
        png = make_png()
        for cut in (1, 2, 12):
            with self.assertRaises(nbtool.Problem):
                nbtool.check_png(png[:-cut])

    def test_png_with_bad_crc_is_caught(self):
        png = bytearray(make_png())
        png[40] ^= 0xFF  # inside IDAT
        with self.assertRaises(nbtool.Problem):
            nbtool.check_png(bytes(png))

    def test_png_with_too_few_pixels_is_caught(self):
        png = make_png(3, 2)
        # same bytes, but the header claims a taller image
        head = bytearray(png)
        head[20:24] = struct.pack(">I", 3)
        ihdr = bytes(head[12:29])
        head[29:33] = struct.pack(">I", zlib.crc32(ihdr) & 0xFFFFFFFF)
        with self.assertRaisesRegex(nbtool.Problem, "pixel data"):
            nbtool.check_png(bytes(head))

    def test_not_base64(self):
        with self.assertRaises(nbtool.Problem):
            nbtool.check_image("image/png", "not*base64!")

    def test_svg_must_parse(self):
        self.assertEqual(nbtool.check_image("image/svg+xml", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), "svg")
        with self.assertRaises(nbtool.Problem):
            nbtool.check_image("image/svg+xml", "<svg><g></svg>")


class Comparison(unittest.TestCase):
    def test_identical_outputs(self):
        outs = [stream("a\n"), display("text/plain", "3"), display("image/png", b64(make_png()))]
        self.assertEqual(nbtool.compare_outputs(outs, outs), [])

    def test_split_stream_writes_are_one_text(self):
        self.assertEqual(nbtool.compare_outputs([stream("ab\ncd\n")], [stream("ab\n"), stream("cd\n")]), [])

    def test_stdout_and_stderr_are_not_merged(self):
        diffs = nbtool.compare_outputs([stream("a\n"), stream("b\n")], [stream("a\n"), stream("b\n", "stderr")])
        self.assertTrue(diffs)

    def test_changed_stream_text(self):
        diffs = nbtool.compare_outputs([stream("pgmap ref 2\n")], [stream("pgmap ref 3\n")])
        self.assertEqual(len(diffs), 1)
        self.assertIn("stdout differs", diffs[0])
        self.assertIn("+pgmap ref 3", diffs[0])

    def test_changed_text_plain_and_html(self):
        self.assertTrue(nbtool.compare_outputs([display("text/plain", "3")], [display("text/plain", "4")]))
        self.assertTrue(nbtool.compare_outputs([display("text/html", "<b>x</b>")], [display("text/html", "<i>x</i>")]))

    def test_identity_hash_codes_are_named(self):
        diffs = nbtool.compare_outputs([display("text/plain", "org.knowm.xchart.XYChart@439cdb26")],
                                       [display("text/plain", "org.knowm.xchart.XYChart@5e8c92f4")])
        self.assertEqual(len(diffs), 1)
        self.assertIn("only an identity hash code differs", diffs[0])

    def test_other_text_mime_compared_exactly(self):
        self.assertTrue(nbtool.compare_outputs([display("text/markdown", "a")], [display("text/markdown", "b")]))

    def test_different_but_valid_image_passes(self):
        self.assertEqual(nbtool.compare_outputs([display("image/png", b64(make_png(3, 2)))],
                                                [display("image/png", b64(make_png(8, 8, 0x10)))]), [])

    def test_broken_image_fails_even_if_committed_the_same(self):
        bad = b64(make_png()[:-2])
        diffs = nbtool.compare_outputs([display("image/png", bad)], [display("image/png", bad)])
        self.assertEqual(len(diffs), 1)
        self.assertIn("does not decode", diffs[0])

    def test_images_inside_html_follow_the_image_rule(self):
        a = f'<p>chart</p><img src="data:image/png;base64,{b64(make_png(3, 2))}">'
        b = f'<p>chart</p><img src="data:image/png;base64,{b64(make_png(9, 9))}">'
        self.assertEqual(nbtool.compare_outputs([display("text/html", a)], [display("text/html", b)]), [])
        c = f'<p>other</p><img src="data:image/png;base64,{b64(make_png(9, 9))}">'
        self.assertTrue(nbtool.compare_outputs([display("text/html", a)], [display("text/html", c)]))
        broken = f'<img src="data:image/png;base64,{b64(make_png()[:-1])}">'
        self.assertTrue(nbtool.compare_outputs([display("text/html", broken)], [display("text/html", broken)]))

    def test_missing_or_extra_output(self):
        self.assertTrue(nbtool.compare_outputs([stream("a\n")], []))
        self.assertTrue(nbtool.compare_outputs([], [display("text/plain", "1")]))

    def test_mime_set_differs(self):
        diffs = nbtool.compare_outputs([display("text/plain", "x")],
                                       [nbformat.v4.new_output("display_data", data={"text/plain": "x", "text/html": "x"})])
        self.assertIn("MIME types differ", diffs[0])

    def test_redrawn_image_is_seen_by_refresh_images_only(self):
        a = [display("image/png", b64(make_png(3, 2)))]
        b = [display("image/png", b64(make_png(3, 2, 0x10)))]
        self.assertEqual(nbtool.compare_outputs(a, b), [])  # the check accepts both
        self.assertTrue(nbtool.images_differ(a, b))           # refresh --images rewrites it
        self.assertFalse(nbtool.images_differ(a, a))

    def test_execute_result_is_not_display_data(self):
        res = nbformat.v4.new_output("execute_result", data={"text/plain": "3"}, execution_count=1)
        self.assertTrue(nbtool.compare_outputs([res], [display("text/plain", "3")]))


def predict_notebook(hidden=True, tagged=True):
    """A prompt, its answer cell and the prose after it."""
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("1 + 1")
    if tagged:
        answer.metadata["tags"] = ["answer"]
    if hidden:
        answer.metadata["jupyter"] = {"outputs_hidden": True}
        answer.metadata["collapsed"] = True
    nb.cells = [nbformat.v4.new_markdown_cell("**Predict:** what is 1 + 1?"), answer,
                nbformat.v4.new_markdown_cell("2."), nbformat.v4.new_code_cell("3")]
    return nb


class PredictThenRun(unittest.TestCase):
    def test_tagged_and_hidden_answer_passes(self):
        nb = predict_notebook()
        nb.cells[2].metadata.update({"tags": ["answer"], "jupyter": {"source_hidden": True}})
        self.assertEqual(nbtool.prompts_and_answers(nb), [(0, [1])])
        self.assertEqual(nbtool.answer_problems(nb), [])

    def test_a_shown_explanation_is_caught(self):
        problems = nbtool.answer_problems(predict_notebook())
        self.assertEqual(len(problems), 1)
        self.assertIn("cell 2 explains the answer", problems[0])

    def test_a_new_section_after_the_answer_is_no_explanation(self):
        nb = predict_notebook()
        nb.cells[2].source = "## Next section"
        self.assertIsNone(nbtool.explanation_of(nb, [1]))
        nbtool.hide_answers(nb)
        self.assertNotIn("tags", nb.cells[2].metadata)

    def test_fix_splits_an_explanation_from_the_next_section(self):
        nb = predict_notebook()
        nb.cells[2].source = "2, because one and one.\n\n## Next section\n\nMore text."
        nbtool.hide_answers(nb)
        self.assertEqual(nb.cells[2].source, "2, because one and one.")
        self.assertTrue(nbtool.source_hidden(nb.cells[2]))
        self.assertEqual(nb.cells[3].source, "## Next section\n\nMore text.")
        self.assertNotIn("tags", nb.cells[3].metadata)
        self.assertEqual(nbtool.answer_problems(nb), [])

    def test_untagged_answer_is_caught(self):
        problems = nbtool.answer_problems(predict_notebook(tagged=False))
        self.assertEqual(len(problems), 2)
        self.assertIn("not tagged 'answer'", problems[0])

    def test_shown_answer_is_caught_for_each_front_end(self):
        self.assertIn("not hidden", nbtool.answer_problems(predict_notebook(hidden=False))[0])
        nb = predict_notebook()
        del nb.cells[1].metadata["collapsed"]  # JupyterLab would hide it, the classic Notebook not
        self.assertIn("not hidden", nbtool.answer_problems(nb)[0])

    def test_cells_after_the_next_prose_are_not_answers(self):
        self.assertNotIn(3, nbtool.prompts_and_answers(predict_notebook())[0][1])

    def test_fix_tags_and_hides(self):
        nb = predict_notebook(hidden=False, tagged=False)
        self.assertEqual(nbtool.hide_answers(nb), 2)
        self.assertEqual(nbtool.answer_problems(nb), [])
        nbformat.validate(nb)
        self.assertEqual(nbtool.hide_answers(nb), 0)

    def test_fix_shows_a_cell_that_no_longer_answers_a_prompt(self):
        nb = predict_notebook()
        nb.cells[0].source = "No prompt here any more."
        self.assertEqual(nbtool.hide_answers(nb), 1)
        self.assertEqual(nb.cells[1].metadata, {})

    def test_budget_counts_prose_words_and_output_text(self):
        nb = predict_notebook()
        nb.cells[1].outputs = [stream("a\nb\n"), display("text/plain", "one line")]
        words, lines, chars = nbtool.budget(nb)
        self.assertEqual(words, 6 + 1)
        self.assertEqual(lines, 3)
        self.assertEqual(chars, len("a\nb\n") + len("one line"))

    def test_budget_counts_what_front_ends_show_of_html(self):
        nb = predict_notebook()
        table = "<table><caption>pages</caption><tr><th>pfn</th></tr><tr><td>1</td></tr><tr><td>2</td></tr></table>"
        nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data={"text/html": table, "text/plain": "pages: 2 rows"}),
                               display("text/html", "<pre>line 1\nline 2\n</pre><p>after</p>")]
        words, lines, chars = nbtool.budget(nb)
        self.assertEqual(lines, 4 + 3)   # caption and three rows; two lines of <pre> and a paragraph
        self.assertEqual(chars, len(table) + len("pages: 2 rows") + len("<pre>line 1\nline 2\n</pre><p>after</p>"))

    def test_budget_fails_over_its_ceiling_and_passes_under_it(self):
        nb = predict_notebook()
        nb.cells[1].outputs = [stream("x" * 100 + "\n")]
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "n.ipynb"
            nbformat.write(nb, path)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                self.assertEqual(nbtool.main(["budget", "--max-chars", "100", str(path)]), 1)
            self.assertIn("101 characters, more than the budget of 100", out.getvalue())
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(nbtool.main(["budget", "--max-chars", "101", str(path)]), 0)
                self.assertEqual(nbtool.main(["budget", str(path)]), 0)   # no ceiling: a report only

    def test_exercise_pairs(self):
        nb = predict_notebook()
        nb.cells[1].metadata["tags"] = ["exercise"]
        nb.cells[3].metadata["tags"] = ["check"]
        self.assertEqual(nbtool.exercise_pairs(nb), [(1, 3)])
        nb.cells[3].outputs = [stream("RIGHT: it is 2\n")]
        self.assertEqual(nbtool.verdicts(nb.cells[3]), ["RIGHT"])


def python_notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A fixture")] + [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


@unittest.skipUnless(Path("/usr/share/jupyter/kernels/python3/kernel.json").exists(),
                     "Debian's python3 kernel (python3-ipykernel) is not installed")
class Pipeline(unittest.TestCase):
    """The real thing: nbclient, a kernel, files on disk."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="nbtool-test-"))
        png = b64(make_png(4, 3))
        nb = python_notebook(
            'print("hello, world")',
            "1 + 2",
            f'from IPython.display import Image, HTML, display\ndisplay(Image(data=__import__("base64").b64decode("{png}")))',
            'HTML("<b>bold</b>")',
        )
        self.path = self.dir / "fixture.ipynb"
        nbformat.write(nb, self.path)

    def tearDown(self):
        subprocess.run(["rm", "-rf", str(self.dir)], check=True)

    def run_tool(self, *args):
        env = dict(os.environ)
        env.pop("JUPYTER_PATH", None)
        p = subprocess.run([sys.executable, str(NBTOOL), *args], capture_output=True, text=True, env=env, timeout=300)
        return p.returncode, p.stdout + p.stderr

    def refresh(self):
        rc, out = self.run_tool("refresh", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 0, out)

    def test_refresh_then_check_passes_and_a_changed_output_fails(self):
        self.refresh()
        nb = nbformat.read(self.path, as_version=4)
        self.assertEqual(nb.cells[1].outputs[0]["text"], "hello, world\n")
        self.assertEqual(nb.cells[2].outputs[0]["data"]["text/plain"], "3")
        self.assertIn("image/png", nb.cells[3].outputs[0]["data"])
        rc, out = self.run_tool("check", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 0, out)
        self.assertIn("fixture.ipynb: ok", out)

        nb.cells[2].outputs[0]["data"]["text/plain"] = "4"  # what the notebook teaches changed
        nbformat.write(nb, self.path)
        rc, out = self.run_tool("check", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertIn("cell 3: output 1: text/plain differs", out)

    def test_refresh_leaves_an_unchanged_notebook_alone(self):
        self.refresh()
        before = self.path.read_bytes()
        rc, out = self.run_tool("refresh", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 0, out)
        self.assertIn("outputs unchanged, file left as it was", out)
        self.assertEqual(self.path.read_bytes(), before)

    def test_refresh_rewrites_only_the_changed_cell(self):
        self.refresh()
        nb = nbformat.read(self.path, as_version=4)
        png_before = nb.cells[3].outputs[0]["data"]["image/png"]
        nb.cells[2].outputs[0]["data"]["text/plain"] = "stale"
        nbformat.write(nb, self.path)
        rc, out = self.run_tool("refresh", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 0, out)
        self.assertIn("outputs changed in cells 3", out)
        nb = nbformat.read(self.path, as_version=4)
        self.assertEqual(nb.cells[2].outputs[0]["data"]["text/plain"], "3")
        self.assertEqual(nb.cells[3].outputs[0]["data"]["image/png"], png_before)

    def test_wrong_kernelspec_fails(self):
        self.refresh()
        rc, out = self.run_tool("check", "--kernel", "java", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertIn("not 'java'", out)

    def test_error_output_fails_and_refresh_keeps_the_notebook(self):
        self.refresh()
        nb = nbformat.read(self.path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell('raise ValueError("boom")'))
        nbformat.write(nb, self.path)
        rc, out = self.run_tool("check", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertIn("ValueError: boom", out)
        before = self.path.read_bytes()
        rc, out = self.run_tool("refresh", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertEqual(self.path.read_bytes(), before)

    def test_a_notebook_that_writes_files_next_to_it_fails(self):
        nb = nbformat.read(self.path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell('open("stray.txt", "w").write("x")'))
        nbformat.write(nb, self.path)
        self.refresh()  # creates stray.txt; the check then sees it unchanged: remove it first
        (self.dir / "stray.txt").unlink()
        rc, out = self.run_tool("check", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertIn("changed files", out)
        self.assertIn("stray.txt", out)

    def test_the_environment_reaches_the_kernel(self):
        # ./workbook test switches the kernel's preload off through MEMREMAP_LAB_PRELOAD=0
        nb = python_notebook('import os; print(os.environ.get("MEMREMAP_LAB_PRELOAD", "unset"))')
        nbformat.write(nb, self.path)
        env = dict(os.environ, MEMREMAP_LAB_PRELOAD="0")
        env.pop("JUPYTER_PATH", None)
        subprocess.run([sys.executable, str(NBTOOL), "refresh", "--kernel", "python3", str(self.path)],
                       check=True, capture_output=True, env=env, timeout=300)
        self.assertEqual(nbformat.read(self.path, as_version=4).cells[1].outputs[0]["text"], "0\n")

    def test_html_export_and_its_verification(self):
        self.refresh()
        site = self.dir / "site"
        rc, out = self.run_tool("html", str(self.dir), str(site))
        self.assertEqual(rc, 0, out)
        rc, out = self.run_tool("verify-html", str(self.dir), str(site))
        self.assertEqual(rc, 0, out)
        self.assertIn("1 images (notebook has 1)", out)
        page = (site / "fixture.html").read_text()
        self.assertNotRegex(page, r'<script[^>]*src="(https?|file)://')
        (site / "fixture.html").write_text(page.replace("data:image/png", "data:x"))
        rc, out = self.run_tool("verify-html", str(self.dir), str(site))
        self.assertEqual(rc, 1, out)
        self.assertIn("0 images, the notebook's outputs have 1", out)  # the reason, not another
        (site / "fixture.html").write_text(page.replace("A fixture", "Another title"))
        rc, out = self.run_tool("verify-html", str(self.dir), str(site))
        self.assertEqual(rc, 1, out)
        self.assertIn("title 'A fixture' is not in the page", out)

    def test_html_hides_answers_behind_a_disclosure(self):
        nb = nbformat.read(self.path, as_version=4)
        nb.cells.insert(2, nbformat.v4.new_markdown_cell("**Predict:** what is 1 + 2?"))
        nb.cells.insert(4, nbformat.v4.new_markdown_cell("3, and now an image:"))
        nbtool.hide_answers(nb)
        nbformat.write(nb, self.path)
        self.refresh()
        site = self.dir / "site"
        self.assertEqual(self.run_tool("html", str(self.dir), str(site))[0], 0)
        page = (site / "fixture.html").read_text()
        self.assertEqual(page.count('<details class="answer">'), 2)   # the output and the explanation
        disclosed = page[page.index('<details class="answer">'):page.index("</details>")]
        self.assertIn("<pre>3</pre>", disclosed)
        rc, out = self.run_tool("verify-html", str(self.dir), str(site))
        self.assertEqual(rc, 0, out)
        (site / "fixture.html").write_text(page.replace('<details class="answer">', "<div>"))
        rc, out = self.run_tool("verify-html", str(self.dir), str(site))
        self.assertEqual(rc, 1, out)
        self.assertIn("0 answers behind a disclosure", out)

    def test_exercise_check_passes_on_the_reference_and_fails_on_a_wrong_answer(self):
        nb = python_notebook("x = 2\nopen('answer.txt', 'w').write(str(x))",
                             'print("RIGHT: x is 2" if x == 2 else f"WRONG: x is {x}, not 2")')
        nb.cells[1].metadata["tags"] = ["exercise"]
        nb.cells[1].metadata["memremap_lab"] = {"wrong_answer": "x = 3\nopen('answer.txt', 'w').write(str(x))"}
        nb.cells[2].metadata["tags"] = ["check"]
        nbformat.write(nb, self.path)
        self.refresh()
        rc, out = self.run_tool("exercises", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 0, out)
        self.assertEqual((self.dir / "answer.txt").read_text(), "2")  # the wrong answer's file was put back
        # a check cell that cannot tell right from wrong is caught
        nb = nbformat.read(self.path, as_version=4)
        nb.cells[2].source = 'print("RIGHT: whatever x is")'
        nbformat.write(nb, self.path)
        self.refresh()
        rc, out = self.run_tool("exercises", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertIn("says ['RIGHT'] on the wrong answer", out)

    def test_an_exercise_shipped_unsolved_is_checked_with_its_recorded_reference(self):
        nb = python_notebook("x = 0  # make x 2", 'print("RIGHT: x is 2" if x == 2 else f"WRONG: x is {x}, not 2")')
        nb.cells[1].metadata["tags"] = ["exercise"]
        nb.cells[1].metadata["memremap_lab"] = {"reference_answer": "x = 2", "wrong_answer": "x = 3"}
        nb.cells[2].metadata["tags"] = ["check"]
        nbformat.write(nb, self.path)
        self.refresh()
        self.assertEqual(nbtool.verdicts(nbformat.read(self.path, as_version=4).cells[2]), ["WRONG"])  # as shipped
        rc, out = self.run_tool("exercises", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 0, out)
        nb = nbformat.read(self.path, as_version=4)
        nb.cells[1].metadata["memremap_lab"]["reference_answer"] = "x = 4"   # a reference the check rejects
        nbformat.write(nb, self.path)
        rc, out = self.run_tool("exercises", "--kernel", "python3", str(self.path))
        self.assertEqual(rc, 1, out)
        self.assertIn("says ['WRONG'] on the reference answer", out)


if __name__ == "__main__":
    unittest.main()
