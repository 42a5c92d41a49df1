#!/usr/bin/python3
"""Execute, compare, refresh and export the workbook's notebooks.

Run with Debian's /usr/bin/python3 (it sees Debian's nbclient, nbformat and nbconvert).

  nbtool.py check   [--kernel NAME] [--save DIR] [--max-seconds S] PATH...
      Execute every notebook headless through the kernel its metadata names, fail on any error
      output, and compare the outputs with the committed ones: streams, text/plain, text/html and
      every other text exactly; images only in that they decode.
  nbtool.py refresh [--kernel NAME] [--images] PATH...
      Execute and rewrite the committed outputs (a notebook with an error is left as it was); with
      --images also the images whose bytes changed (a chart drawn differently, same description).
  nbtool.py html DIR OUT
      Every notebook in DIR, with its committed outputs, as HTML in OUT with an index page.
  nbtool.py verify-html DIR OUT
      Check what `html` wrote: one page per notebook, every image in it, nothing fetched online,
      every answer behind a disclosure.
  nbtool.py answers [--at-least N] PATH...
      Check predict-then-run: every code cell after a "**Predict**" prompt is tagged `answer` and
      its outputs are hidden (`jupyter.outputs_hidden` for JupyterLab, `collapsed` for the classic
      Notebook); `--at-least` is the least number of answer cells the notebooks must have.
  nbtool.py exercises [--kernel NAME] PATH...
      Every check cell (tagged `check`) says RIGHT with the exercise cell before it (tagged
      `exercise`) holding its reference answer (metadata memremap_lab.reference_answer, else the
      committed cell), and WRONG with it holding the recorded wrong answer.
  nbtool.py budget PATH...
      The reading budget by proxy: words of prose, lines and characters of output per notebook.

PATH is a notebook or a folder of notebooks. Environment variables (MEMREMAP_LAB_PRELOAD, say)
reach the kernel unchanged.
"""

import argparse
import base64
import copy
import difflib
import hashlib
import html
import os
import re
import struct
import sys
import time
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DATA_URI = re.compile(r"data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=\s]+)")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")


class Problem(Exception):
    """Something a notebook check found wrong, said for a person."""


# ---------------------------------------------------------------------------------------------
# Images: "decodes" means every byte is there and means what it says.

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def check_png(data):
    """Walk every chunk (CRCs checked), inflate the pixels, and return (width, height).

    The base library's PNG renderer is known to drop the last bytes of some images: a check that
    only looked at the signature would not see that.
    """
    if not data.startswith(PNG_SIGNATURE):
        raise Problem("not a PNG (bad signature)")
    pos, chunks, idat = len(PNG_SIGNATURE), [], b""
    header = None
    while pos < len(data):
        if pos + 8 > len(data):
            raise Problem(f"PNG truncated inside a chunk header at byte {pos}")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 8 + length + 4
        if end > len(data):
            raise Problem(f"PNG truncated: chunk {kind!r} needs {end} bytes, the image has {len(data)}")
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise Problem(f"PNG chunk {kind!r} has a bad CRC")
        chunks.append(kind)
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos = end
        if kind == b"IEND":
            break
    if not chunks or chunks[0] != b"IHDR" or header is None:
        raise Problem("PNG does not start with IHDR")
    if chunks[-1] != b"IEND":
        raise Problem("PNG has no IEND chunk (truncated)")
    width, height, depth, color, _, _, interlace = header
    if width == 0 or height == 0:
        raise Problem(f"PNG is {width}x{height}")
    if color not in PNG_CHANNELS:
        raise Problem(f"PNG has unknown colour type {color}")
    try:
        pixels = zlib.decompress(idat)
    except zlib.error as e:
        raise Problem(f"PNG pixel data does not inflate: {e}") from None
    if interlace == 0:
        row = (width * depth * PNG_CHANNELS[color] + 7) // 8
        if len(pixels) != height * (1 + row):
            raise Problem(f"PNG pixel data has {len(pixels)} bytes, {width}x{height} needs {height * (1 + row)}")
    return width, height


def check_image(mime, payload):
    """Return a short description of a decodable image, or raise Problem."""
    if mime == "image/svg+xml":
        text = payload if isinstance(payload, str) else "".join(payload)
        try:
            root = ElementTree.fromstring(text.encode("utf-8"))
        except ElementTree.ParseError as e:
            raise Problem(f"SVG does not parse: {e}") from None
        if not root.tag.endswith("svg"):
            raise Problem(f"SVG root element is {root.tag}")
        return "svg"
    try:
        data = base64.b64decode("".join(payload.split()), validate=True)
    except (ValueError, TypeError) as e:
        raise Problem(f"{mime} is not valid base64: {e}") from None
    if mime == "image/png":
        w, h = check_png(data)
        return f"png {w}x{h}"
    if mime == "image/jpeg":
        if not (data.startswith(b"\xff\xd8") and data.rstrip(b"\x00").endswith(b"\xff\xd9")):
            raise Problem("JPEG lacks its start or end marker (truncated?)")
        return "jpeg"
    if mime == "image/gif":
        if not (data[:6] in (b"GIF87a", b"GIF89a") and data.endswith(b";")):
            raise Problem("GIF lacks its header or trailer (truncated?)")
        return "gif"
    raise Problem(f"unknown image type {mime}")


def html_without_images(text):
    """text/html with every embedded data: image checked and replaced by a placeholder.

    Images inside HTML follow the same rule as image outputs: they must decode, their bytes may
    differ (fonts and encoders differ between machines); the HTML around them must not.
    """

    def replace(m):
        mime, payload = m.group(1), m.group(2)
        if mime == "image/svg+xml":
            check_image(mime, base64.b64decode("".join(payload.split())).decode("utf-8"))
        else:
            check_image(mime, payload)
        return f"data:{mime};base64,<checked image>"

    return DATA_URI.sub(replace, text)


# ---------------------------------------------------------------------------------------------
# Outputs: normalise, then compare

def as_text(value):
    return "".join(value) if isinstance(value, list) else value


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalize(outputs):
    """Outputs as comparable records. Consecutive writes to one stream are one text, as a
    front end shows them (how a kernel splits its writes is timing, not content)."""
    result = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            text = as_text(out.get("text", ""))
            if result and result[-1]["kind"] == "stream" and result[-1]["name"] == out.get("name"):
                result[-1]["text"] += text
            else:
                result.append({"kind": "stream", "name": out.get("name"), "text": text})
        elif kind in ("display_data", "execute_result"):
            data = {mime: (value if isinstance(value, (dict, int, float, bool)) or value is None else as_text(value))
                    for mime, value in out.get("data", {}).items()}
            if isinstance(data.get(WIDGET_VIEW), dict):
                # A widget's model id counts the widgets made before it: the view, not the count, is the output.
                data[WIDGET_VIEW] = {k: v for k, v in data[WIDGET_VIEW].items() if k != "model_id"}
            result.append({"kind": kind, "data": data})
        elif kind == "error":
            result.append({"kind": "error", "ename": out.get("ename"), "evalue": out.get("evalue"),
                           "traceback": [ANSI.sub("", line) for line in out.get("traceback", [])]})
        else:
            result.append({"kind": kind})
    return result


IDENTITY_HASH = re.compile(r"\b([A-Za-z_$][\w$.]*)@[0-9a-f]{4,8}\b")


def coalesce_streams(outputs):
    """Consecutive writes to one stream as one output, as a front end shows them."""
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = as_text(merged[-1]["text"]) + as_text(out.get("text", ""))
        else:
            merged.append(copy.deepcopy(out))
    return merged


def text_diff(expected, actual, label):
    if IDENTITY_HASH.sub(r"\1@…", expected) == IDENTITY_HASH.sub(r"\1@…", actual):
        found = IDENTITY_HASH.search(actual) or IDENTITY_HASH.search(expected)
        return (f"only an identity hash code differs ({found.group(0)}): some object's default toString() "
                f"reaches the output; outputs must be the same on every run")
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                      f"committed {label}", f"executed {label}", lineterm="", n=1))
    if len(lines) > 30:
        lines = lines[:30] + [f"... ({len(lines) - 30} more diff lines)"]
    return "\n".join(lines)


def describe(record):
    if record["kind"] == "stream":
        return f"{record['name']} stream"
    if record["kind"] in ("display_data", "execute_result"):
        return f"{record['kind']} ({', '.join(sorted(record['data']))})"
    return record["kind"]


def compare_outputs(committed, executed):
    """Return a list of differences (strings) between two cells' outputs; images must decode."""
    want, got = normalize(committed), normalize(executed)
    diffs = []
    for i, rec in enumerate(got):  # every executed image must decode, whatever was committed
        if rec["kind"] in ("display_data", "execute_result"):
            for mime, value in rec["data"].items():
                try:
                    if mime in IMAGE_TYPES:
                        check_image(mime, value)
                    elif mime == "text/html":
                        html_without_images(value)
                except Problem as e:
                    diffs.append(f"output {i + 1}: {mime} does not decode: {e}")
    if len(want) != len(got):
        diffs.append(f"{len(want)} outputs committed, {len(got)} produced: committed "
                     f"[{'; '.join(map(describe, want))}], produced [{'; '.join(map(describe, got))}]")
        return diffs
    for i, (w, g) in enumerate(zip(want, got)):
        where = f"output {i + 1}"
        if w["kind"] != g["kind"] or w.get("name") != g.get("name"):
            diffs.append(f"{where}: committed {describe(w)}, produced {describe(g)}")
            continue
        if w["kind"] == "stream":
            if w["text"] != g["text"]:
                diffs.append(f"{where}: {w['name']} differs:\n" + text_diff(w["text"], g["text"], w["name"]))
        elif w["kind"] in ("display_data", "execute_result"):
            if set(w["data"]) != set(g["data"]):
                diffs.append(f"{where}: MIME types differ: committed {sorted(w['data'])}, produced {sorted(g['data'])}")
                continue
            for mime in sorted(w["data"]):
                a, b = w["data"][mime], g["data"][mime]
                if mime in IMAGE_TYPES:
                    continue  # decoded above; the bytes may differ
                if mime == "text/html":
                    try:
                        a = html_without_images(a)
                        b = html_without_images(b)
                    except Problem:
                        pass  # reported above; compare the raw text
                if a != b:
                    if isinstance(a, str) and isinstance(b, str):
                        diffs.append(f"{where}: {mime} differs:\n" + text_diff(a, b, mime))
                    else:
                        diffs.append(f"{where}: {mime} differs: committed {a!r:.200}, produced {b!r:.200}")
        elif w != g:
            diffs.append(f"{where}: {w['kind']} differs")
    return diffs


def error_outputs(nb):
    """(cell number, text) for every output of type error."""
    found = []
    for n, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                trace = "\n".join(ANSI.sub("", line) for line in out.get("traceback", [])[:12])
                found.append((n, f"{out.get('ename')}: {out.get('evalue')}\n{trace}".rstrip()))
    return found


# ---------------------------------------------------------------------------------------------
# Executing

def notebooks_in(paths):
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.glob("*.ipynb") if not q.name.startswith("."))
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            raise SystemExit(f"nbtool: {p} is neither a notebook nor a folder")
    if not found:
        raise SystemExit(f"nbtool: no notebooks in {', '.join(map(str, paths))}")
    return found


def snapshot(folder):
    """Content hash of every file under folder (checkpoints aside)."""
    state = {}
    for f in sorted(Path(folder).rglob("*")):
        if f.is_file() and ".ipynb_checkpoints" not in f.parts:
            state[str(f.relative_to(folder))] = hashlib.sha256(f.read_bytes()).hexdigest()
    return state


def execute(nb, path, kernel, cell_timeout):
    """Run nb (in place) in the notebook's own folder, as Jupyter would; return seconds."""
    from nbclient import NotebookClient  # imported late: `html` does not need it
    # No saved widget state: with it, an HTML export loads a widget manager from the web and shows
    # the widget views instead of their static text/html fallback.
    client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=120,
                            allow_errors=True, record_timing=False, store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    try:
        client.execute()
    except Exception as e:  # the kernel died, hung or would not start: say which and go on
        raise Problem(f"execution failed: {type(e).__name__}: {str(e).strip()[:2000]}") from None
    return time.monotonic() - start


def kernel_of(nb, expected):
    name = nb.metadata.get("kernelspec", {}).get("name")
    if expected and name != expected:
        raise Problem(f"metadata names kernelspec {name!r}, not {expected!r}")
    if not name:
        raise Problem("metadata names no kernelspec")
    return name


def cmd_check(args):
    paths = notebooks_in(args.paths)
    folders = sorted({p.parent for p in paths})
    before = {f: snapshot(f) for f in folders}
    failures, rows = [], []
    for path in paths:
        problems, took, images = [], None, 0
        try:
            committed = nbformat.read(path, as_version=4)
            kernel = kernel_of(committed, args.kernel)
            executed = copy.deepcopy(committed)
            took = execute(executed, path, kernel, args.cell_timeout)
            for n, text in error_outputs(executed):
                problems.append(f"cell {n} has an error output:\n{text}")
            code_cells = 0
            for n, (c, e) in enumerate(zip(committed.cells, executed.cells), 1):
                if c.cell_type != "code":
                    continue
                code_cells += 1
                images += sum(1 for o in e.get("outputs", []) for m in o.get("data", {}) if m in IMAGE_TYPES)
                for d in compare_outputs(c.get("outputs", []), e.get("outputs", [])):
                    problems.append(f"cell {n}: {d}")
            if took > args.max_seconds:
                problems.append(f"took {took:.1f} s, more than the bound of {args.max_seconds:.0f} s")
            if args.save:
                out = Path(args.save) / path.name
                out.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(executed, out)
        except Problem as e:
            problems.append(str(e))
        except nbformat.ValidationError as e:
            problems.append(f"not a valid notebook: {e.message}")
        rows.append((path.name, took, images, "ok" if not problems else f"{len(problems)} problem(s)"))
        print(f"{path.name}: {'ok' if not problems else 'FAILED'}"
              f"{'' if took is None else f' in {took:.1f} s'}", flush=True)
        for p in problems:
            print("  " + p.replace("\n", "\n    "), flush=True)
        if problems:
            failures.append(path.name)
    for f in folders:
        after = snapshot(f)
        changed = sorted(k for k in set(before[f]) | set(after) if before[f].get(k) != after.get(k))
        if changed:
            print(f"running the notebooks changed files in {f}: {', '.join(changed)}")
            failures.append(str(f))
    print()
    print(f"{'notebook':<48} {'seconds':>8} {'images':>7}  result")
    for name, took, images, result in rows:
        print(f"{name:<48} {'-' if took is None else f'{took:8.1f}':>8} {images:>7}  {result}")
    print(f"{len(paths) - len([r for r in rows if r[3] != 'ok'])} of {len(paths)} notebooks ok")
    return 1 if failures else 0


def images_differ(committed, executed):
    """Whether the image bytes differ (refresh --images: a chart was redrawn, its description is the same)."""
    def images(outputs):
        return [(m, as_text(v)) for o in outputs for m, v in o.get("data", {}).items() if m in IMAGE_TYPES]
    return images(committed) != images(executed)


def cmd_refresh(args):
    failed = 0
    for path in notebooks_in(args.paths):
        try:
            nb = nbformat.read(path, as_version=4)
            kernel = kernel_of(nb, args.kernel)
            old = copy.deepcopy(nb)
            took = execute(nb, path, kernel, args.cell_timeout)
        except Problem as e:
            print(f"{path.name}: FAILED, left as it was: {e}")
            failed += 1
            continue
        errors = error_outputs(nb)
        if errors:
            print(f"{path.name}: {len(errors)} error output(s), left as it was:")
            for n, text in errors:
                print(f"  cell {n}: " + text.replace("\n", "\n    "))
            failed += 1
            continue
        changed = []
        for n, (a, b) in enumerate(zip(old.cells, nb.cells), 1):
            if a.cell_type != "code":
                continue
            if compare_outputs(a.get("outputs", []), b.get("outputs", [])) or (
                    args.images and images_differ(a.get("outputs", []), b.get("outputs", []))):
                changed.append(n)
                b.outputs = coalesce_streams(b.outputs)
            else:
                # Same content: keep the committed outputs byte for byte (image bytes and how
                # the kernel happened to split its writes would otherwise churn the file).
                b.outputs = a.get("outputs", [])
                b.execution_count = a.get("execution_count")
        if not changed:
            print(f"{path.name}: outputs unchanged, file left as it was ({took:.1f} s)")
            continue
        nbformat.write(nb, path)
        print(f"{path.name}: rewritten in {took:.1f} s (outputs changed in cells {', '.join(map(str, changed))})")
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# Predict, then run: answer cells, check cells, the reading budget

PROMPT = re.compile(r"\*\*Predict")
ANSWER_TAG = "answer"
CHECK_TAG = "check"
EXERCISE_TAG = "exercise"


def tags_of(cell):
    return cell.get("metadata", {}).get("tags", [])


def prompts_and_answers(nb):
    """(prompt cell index, [answer cell indices]) for every markdown cell with a **Predict** prompt:
    its answer cells are the code cells that follow it up to the next markdown cell."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and PROMPT.search(cell.source):
            answer = []
            for j in range(i + 1, len(nb.cells)):
                if nb.cells[j].cell_type != "code":
                    break
                answer.append(j)
            found.append((i, answer))
    return found


HEADING = re.compile(r"^#", re.M)


def explanation_of(nb, answer):
    """The markdown cell right after a prompt's answer cells: it explains the answer, so it is hidden too."""
    after = (answer[-1] if answer else -1) + 1
    if answer and after < len(nb.cells) and nb.cells[after].cell_type == "markdown" \
            and not nb.cells[after].source.lstrip().startswith("#"):   # a new section: nothing explains the answer
        return after
    return None


def source_hidden(cell):
    return cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") is True


def outputs_hidden(cell):
    return cell.get("metadata", {}).get("jupyter", {}).get("outputs_hidden") is True and \
        cell.get("metadata", {}).get("collapsed") is True


def answer_problems(nb):
    """What is wrong with a notebook's predict-then-run cells, as sentences (cells are 0-based)."""
    problems = []
    for prompt, answer in prompts_and_answers(nb):
        if not answer:
            problems.append(f"cell {prompt} asks to predict, but no code cell follows it")
        for j in answer:
            cell = nb.cells[j]
            if ANSWER_TAG not in tags_of(cell):
                problems.append(f"cell {j} answers the prediction of cell {prompt} but is not tagged {ANSWER_TAG!r}")
            if not outputs_hidden(cell):
                problems.append(f"cell {j} answers the prediction of cell {prompt} but its outputs are not hidden "
                                f"(metadata jupyter.outputs_hidden and collapsed must be true)")
        k = explanation_of(nb, answer)
        if k is not None and not (ANSWER_TAG in tags_of(nb.cells[k]) and source_hidden(nb.cells[k])):
            problems.append(f"cell {k} explains the answer to the prediction of cell {prompt} but is not tagged "
                            f"{ANSWER_TAG!r} and hidden (metadata jupyter.source_hidden)")
    return problems


def hide_answers(nb):
    """Tag and hide every answer cell, and show again a cell tagged `answer` that no longer follows a
    prompt (what `answers --fix` does); returns how many cells changed."""
    changed = 0
    # An explanation that runs on into the next section is split at its first heading or prompt:
    # only the explanation is hidden.
    for _, answer in reversed(prompts_and_answers(nb)):
        k = explanation_of(nb, answer)
        if k is None:
            continue
        text = nb.cells[k].source
        cut = min([m.start() for m in (HEADING.search(text), PROMPT.search(text)) if m and m.start() > 0] or [len(text)])
        if cut < len(text):
            rest = nbformat.v4.new_markdown_cell(text[cut:].lstrip("\n"))
            nb.cells[k].source = text[:cut].rstrip("\n")
            nb.cells.insert(k + 1, rest)
            changed += 1
    answers = {j for _, answer in prompts_and_answers(nb) for j in answer}
    explanations = {explanation_of(nb, answer) for _, answer in prompts_and_answers(nb)} - {None}
    for k in explanations:
        md = nb.cells[k].metadata
        before = copy.deepcopy(md)
        if ANSWER_TAG not in md.get("tags", []):
            md["tags"] = list(md.get("tags", [])) + [ANSWER_TAG]
        md.setdefault("jupyter", {})["source_hidden"] = True
        changed += md != before
    answers |= explanations
    for j, cell in enumerate(nb.cells):
        if j not in answers and ANSWER_TAG in cell.metadata.get("tags", []):
            cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != ANSWER_TAG]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
            cell.metadata.get("jupyter", {}).pop("outputs_hidden", None)
            cell.metadata.get("jupyter", {}).pop("source_hidden", None)
            if not cell.metadata.get("jupyter", True):
                del cell.metadata["jupyter"]
            cell.metadata.pop("collapsed", None)
            changed += 1
    for _, answer in prompts_and_answers(nb):
        for j in answer:
            md = nb.cells[j].metadata
            before = copy.deepcopy(md)
            if ANSWER_TAG not in md.get("tags", []):
                md["tags"] = list(md.get("tags", [])) + [ANSWER_TAG]
            md.setdefault("jupyter", {})["outputs_hidden"] = True
            md["collapsed"] = True
            changed += md != before
    return changed


def cmd_answers(args):
    total, failed = 0, 0
    for path in notebooks_in(args.paths):
        nb = nbformat.read(path, as_version=4)
        if args.fix and hide_answers(nb):
            nbformat.write(nb, path)
        n = sum(len(a) for _, a in prompts_and_answers(nb))
        total += n
        problems = answer_problems(nb)
        print(f"{path.name}: {len(prompts_and_answers(nb))} prompts, {n} answer cells"
              f"{'' if not problems else ', ' + str(len(problems)) + ' problem(s)'}")
        for p in problems:
            print("  " + p)
        failed += bool(problems)
    if total < args.at_least:
        print(f"{total} answer cells in all, fewer than the {args.at_least} required")
        failed += 1
    return 1 if failed else 0


def output_text(cell):
    """Every text a cell's outputs hold (streams and text/* of every representation)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            texts.append(as_text(out.get("text", "")))
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                texts.append(as_text(value))
    return texts


PRE_BLOCK = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S | re.I)
HTML_LINE = re.compile(r"<(tr|li|br|p|div|caption|h[1-6])\b", re.I)


def html_lines(text):
    """Lines a reader sees in an HTML output: a <pre> block's lines, a table's rows, each paragraph."""
    text = DATA_URI.sub("", text)
    n = sum(block.strip("\n").count("\n") + 1 for block in PRE_BLOCK.findall(text))
    rest = PRE_BLOCK.sub("", text)
    n += len(HTML_LINE.findall(rest))
    return n or (1 if re.sub(r"<[^>]+>", "", rest).strip() else 0)


def visible_lines(cell):
    """Lines a reader sees: a stream's lines; an output's HTML (what front ends show) or else its text/plain."""
    n = 0
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if out.get("output_type") == "stream":
            n += as_text(out.get("text", "")).count("\n")
        elif "text/html" in data:
            n += html_lines(as_text(data["text/html"]))
        elif "text/plain" in data:
            n += as_text(data["text/plain"]).rstrip("\n").count("\n") + 1
    return n


def budget(nb):
    words = sum(len(cell.source.split()) for cell in nb.cells if cell.cell_type == "markdown")
    lines = sum(visible_lines(c) for c in nb.cells if c.cell_type == "code")
    chars = sum(len(t) for c in nb.cells if c.cell_type == "code" for t in output_text(c))
    return words, lines, chars


def cmd_budget(args):
    rows = []
    for path in notebooks_in(args.paths):
        rows.append((path.name, *budget(nbformat.read(path, as_version=4))))
    print(f"{'notebook':<48} {'prose words':>11} {'output lines':>12} {'output chars':>12}")
    for name, w, l, c in rows:
        print(f"{name:<48} {w:>11} {l:>12} {c:>12}")
    print(f"{'total':<48} {sum(r[1] for r in rows):>11} {sum(r[2] for r in rows):>12} {sum(r[3] for r in rows):>12}")
    if args.max_chars is not None and sum(r[3] for r in rows) > args.max_chars:
        print(f"output text is {sum(r[3] for r in rows)} characters, more than the budget of {args.max_chars}")
        return 1
    return 0


VERDICT = re.compile(r"^(RIGHT|WRONG)\b", re.M)


def verdicts(cell):
    return VERDICT.findall("".join(output_text(cell)))


def exercise_pairs(nb):
    """(exercise cell index, check cell index) for every check cell: its exercise is the nearest
    code cell tagged `exercise` before it."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and CHECK_TAG in tags_of(cell):
            ex = next((j for j in range(i - 1, -1, -1) if EXERCISE_TAG in tags_of(nb.cells[j])), None)
            pairs.append((ex, i))
    return pairs


def recorded_answer(cell, which):
    """The exercise's recorded `reference_answer` or `wrong_answer` (metadata memremap_lab), if any."""
    value = cell.get("metadata", {}).get("memremap_lab", {}).get(which)
    return as_text(value) if value else None


def verdict_with(nb, path, ex, chk, source, kernel, timeout):
    """What the check cell says when the exercise cell holds `source` (the notebook run up to the check).
    Files the trial writes next to the notebook (notebook 7 saves the reader's design) are put back."""
    trial = copy.deepcopy(nb)
    trial.cells = trial.cells[:chk + 1]
    trial.cells[ex].source = source
    saved = {f: f.read_bytes() for f in path.parent.iterdir() if f.is_file()}
    try:
        execute(trial, path, kernel, timeout)
    finally:
        for f in path.parent.iterdir():
            if f.is_file() and f not in saved:
                f.unlink()
        for f, data in saved.items():
            if not f.exists() or f.read_bytes() != data:
                f.write_bytes(data)
    return verdicts(trial.cells[chk])


def cmd_exercises(args):
    """A check cell must say RIGHT on the reference answer (recorded, or else the committed cell itself)
    and WRONG on the recorded wrong answer."""
    failed = 0
    for path in notebooks_in(args.paths):
        nb = nbformat.read(path, as_version=4)
        for ex, chk in exercise_pairs(nb):
            problems = []
            if ex is None:
                problems.append(f"check cell {chk} has no exercise cell (tagged {EXERCISE_TAG!r}) before it")
            elif not recorded_answer(nb.cells[ex], "wrong_answer"):
                problems.append(f"exercise cell {ex} records no wrong answer (metadata memremap_lab.wrong_answer)")
            if not problems:
                kernel = kernel_of(nb, args.kernel)
                reference = recorded_answer(nb.cells[ex], "reference_answer")
                try:
                    if reference is None:
                        said = verdicts(nb.cells[chk])
                        if said[:1] != ["RIGHT"]:
                            problems.append(f"check cell {chk} says {said or 'nothing'} on the committed (reference) answer")
                    else:
                        said = verdict_with(nb, path, ex, chk, reference, kernel, args.cell_timeout)
                        if said[:1] != ["RIGHT"]:
                            problems.append(f"check cell {chk} says {said or 'nothing'} on the reference answer of cell {ex}")
                    said = verdict_with(nb, path, ex, chk, recorded_answer(nb.cells[ex], "wrong_answer"), kernel,
                                        args.cell_timeout)
                    if said[:1] != ["WRONG"]:
                        problems.append(f"check cell {chk} says {said or 'nothing'} on the wrong answer of cell {ex}")
                except Problem as e:
                    problems.append(str(e))
            print(f"{path.name}: exercise cell {ex}, check cell {chk}: {'ok' if not problems else 'FAILED'}", flush=True)
            for p in problems:
                print("  " + p)
            failed += bool(problems)
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# HTML

# Debian's nbconvert points at /usr/share/javascript through file:// URLs, others at the web.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"(https?|file)://[^\"]*\"[^>]*>\s*</script>\s*", re.I)
REMOTE_LINK = re.compile(r"<link[^>]*\bhref=\"(https?|file)://[^\"]*\"[^>]*>\s*", re.I)


# An answer cell's outputs sit behind a disclosure: the page shows the prediction's code, and the
# answer after one click, as JupyterLab and the classic Notebook do with the same metadata.
ANSWER_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block output_group %}
{%- if 'answer' in cell.metadata.get('tags', []) -%}
<details class="answer"><summary>Show the answer (predict first)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock output_group %}
{% block markdowncell scoped %}
{%- if 'answer' in cell.metadata.get('tags', []) -%}
<details class="answer"><summary>Show the explanation (predict first)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock markdowncell %}
"""
ANSWER_DISCLOSURE = re.compile(r'<details class="answer"><summary>')


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def images_in(nb):
    """How many images a reader should see in the notebook's outputs."""
    count = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if any(m in data for m in IMAGE_TYPES):
                count += 1
            elif "text/html" in data:
                count += len(DATA_URI.findall(as_text(data["text/html"])))
    return count


def cmd_html(args):
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    src, out = Path(args.dir), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(extra_loaders=[DictLoader({"workbook.html.j2": ANSWER_TEMPLATE})],
                            template_file="workbook.html.j2")
    entries = []
    for path in notebooks_in([src]):
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("widgets", None)  # saved widget state would make the page load a widget manager
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        # Readable offline and on any machine: the page needs none of the scripts the template
        # loads from the web or from this machine's files (require.js, MathJax) to show text,
        # tables and the inline images.
        body = REMOTE_LINK.sub("", REMOTE_SCRIPT.sub("", body))
        (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
        entries.append((path.stem, title_of(nb, path.stem), images_in(nb)))
        print(f"{path.name} -> {out / (path.stem + '.html')}")
    items = "\n".join(f'    <li><a href="{html.escape(stem)}.html">{html.escape(title)}</a>'
                      f' <span class="file">{html.escape(stem)}.ipynb, {n} chart{"s" if n != 1 else ""}</span></li>'
                      for stem, title, n in entries)
    (out / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>memremap-lab notebooks</title>
<style>
  body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.5; color: #222; }}
  li {{ margin: 0.4em 0; }} .file {{ color: #777; font-size: 0.9em; }}
</style></head>
<body>
  <h1>memremap-lab notebooks</h1>
  <p>ZONE_DEVICE memory semantics of the Linux kernel, modelled in Java, and the 2025&ndash;2026 review
  of large device-private folios, run as notebooks. These pages show the outputs committed with each
  notebook; run them yourself with <code>./workbook lab</code>.</p>
  <ol>
{items}
  </ol>
</body></html>
""", encoding="utf-8")
    print(f"{out / 'index.html'}: {len(entries)} notebooks")
    return 0


def cmd_verify_html(args):
    src, out = Path(args.dir), Path(args.out)
    problems = []
    index = (out / "index.html").read_text(encoding="utf-8") if (out / "index.html").exists() else None
    if index is None:
        problems.append("no index.html")
    for path in notebooks_in([src]):
        page = out / f"{path.stem}.html"
        if not page.exists():
            problems.append(f"{path.name}: no {page.name}")
            continue
        text = page.read_text(encoding="utf-8")
        nb = nbformat.read(path, as_version=4)
        want = images_in(nb)
        got = len(re.findall(r"<img[^>]*src=\"data:image/", text)) + text.count("<svg")
        if got < want:
            problems.append(f"{page.name}: {got} images, the notebook's outputs have {want}")
        if re.search(r"<(script|link)[^>]*(src|href)=\"(https?|file)://", text):
            problems.append(f"{page.name}: loads something from the web or from this machine's files")
        # The heading as a reader sees it: Markdown's code and emphasis marks are gone in the page.
        title = re.sub(r"[`*]", "", title_of(nb, "") or "")
        page_text = html.unescape(re.sub(r"<[^>]+>", "", text))
        if title and title not in page_text:
            problems.append(f"{page.name}: the title {title!r} is not in the page")
        answers = sum(1 for c in nb.cells if ANSWER_TAG in tags_of(c) and (c.get("outputs") or c.cell_type == "markdown"))
        if len(ANSWER_DISCLOSURE.findall(text)) < answers:
            problems.append(f"{page.name}: {len(ANSWER_DISCLOSURE.findall(text))} answers behind a disclosure, "
                            f"the notebook has {answers} answer cells (with outputs, or explanations)")
        if index is not None and f'href="{path.stem}.html"' not in index:
            problems.append(f"index.html does not link {page.name}")
        print(f"{page.name}: {got} images (notebook has {want}), {len(text) // 1024} KiB")
    for p in problems:
        print("  problem: " + p)
    return 1 if problems else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "refresh"):
        p = sub.add_parser(name)
        p.add_argument("--kernel", default="java", help="kernelspec the notebooks must name (default java)")
        p.add_argument("--cell-timeout", type=float, default=300, help="seconds per cell")
        p.add_argument("paths", nargs="+")
        if name == "refresh":
            p.add_argument("--images", action="store_true",
                           help="also rewrite images whose bytes changed (after a change to how a chart is drawn)")
        if name == "check":
            p.add_argument("--save", help="write the executed notebooks here")
            p.add_argument("--max-seconds", type=float, default=120,
                           help="fail a notebook that takes longer than this (default 120)")
    p = sub.add_parser("answers")
    p.add_argument("--at-least", type=int, default=0, help="least number of answer cells in all")
    p.add_argument("--fix", action="store_true", help="tag and hide the answer cells first")
    p.add_argument("paths", nargs="+")
    p = sub.add_parser("exercises")
    p.add_argument("--kernel", default="java", help="kernelspec the notebooks must name (default java)")
    p.add_argument("--cell-timeout", type=float, default=300, help="seconds per cell")
    p.add_argument("paths", nargs="+")
    p = sub.add_parser("budget")
    p.add_argument("--max-chars", type=int, help="fail if all outputs hold more text than this")
    p.add_argument("paths", nargs="+")
    for name in ("html", "verify-html"):
        p = sub.add_parser(name)
        p.add_argument("dir")
        p.add_argument("out")
    args = parser.parse_args(argv)
    return {"check": cmd_check, "refresh": cmd_refresh, "html": cmd_html,
            "verify-html": cmd_verify_html, "answers": cmd_answers, "exercises": cmd_exercises,
            "budget": cmd_budget}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
