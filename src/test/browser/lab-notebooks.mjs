// The workbook in JupyterLab 4 (our app, src/jupyterlab-app), in Debian's headless Chromium.
// For every notebook: open it, reveal the outputs the notebook hides (answer cells), Run All, wait
// until the kernel is idle and every cell has run, and check what a reader sees: no error output, a
// decoded image in every chart cell, and every display that the kernel updated in place
// (update_display_data, the progress lines) showing its final state. Then what a user does by hand
// in a scratch notebook: Tab completion, the contextual help panel, the toolbar's interrupt and
// restart. Every request to a host other than 127.0.0.1 is failed and reported. Screenshots go to OUT.
//
// Usage: node lab-notebooks.mjs --url http://127.0.0.1:PORT --token T --notebooks DIR --folder F
//        --scratch S --out DIR [--kernel java] [--timeout-s 300]
// F is the notebooks' folder and S a writable scratch folder, both relative to the server's root.
// The server is started by ./run-lab next to this file.

import fs from 'node:fs';
import path from 'node:path';
import { committedChartCells, IMAGE_TYPES, launchChromium, parseOptions } from './common.mjs';

const opts = parseOptions({ kernel: 'java', 'timeout-s': '300' }, ['url', 'token', 'notebooks', 'folder', 'scratch', 'out']);
const timeoutMs = Number(opts['timeout-s']) * 1000;
const outside = []; // requests to anything but 127.0.0.1 (all failed)

// A kernel message from a WebSocket frame: JSON text, or (when the server speaks the
// v1.kernel.websocket.jupyter.org protocol, as jupyter_server 1.23 does with Lab 4) binary: a count
// of offsets, the offsets (64-bit little-endian), then the channel name, header, parent header,
// metadata, content and any buffers at those offsets.
function kernelMessage(payload) {
  if (typeof payload === 'string') return JSON.parse(payload);
  const count = Number(payload.readBigUInt64LE(0));
  const offsets = Array.from({ length: count }, (_, i) => Number(payload.readBigUInt64LE(8 * (i + 1))));
  const part = (i) => payload.subarray(offsets[i], offsets[i + 1]).toString('utf8');
  return { channel: part(0), header: JSON.parse(part(1)), parent_header: JSON.parse(part(2)), content: JSON.parse(part(4)) };
}

// The kernel messages the page receives.
function recordKernelMessages(page) {
  const received = [];
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).hostname !== '127.0.0.1') outside.push(ws.url());
    ws.on('framereceived', ({ payload }) => {
      try {
        received.push(kernelMessage(payload));
      } catch {
        // not a kernel message
      }
    });
  });
  return received;
}

// For each display the kernel updated in place: its final data, and the earlier states it had.
function updatedDisplays(messages) {
  const states = new Map();
  for (const m of messages) {
    const type = m.header?.msg_type ?? m.msg_type;
    const id = m.content?.transient?.display_id;
    if (!id || (type !== 'display_data' && type !== 'update_display_data')) continue;
    if (!states.has(id)) states.set(id, { updates: 0, all: [] });
    const s = states.get(id);
    if (type === 'update_display_data') s.updates++;
    s.all.push(m.content.data);
  }
  return [...states].filter(([, s]) => s.updates > 0)
    .map(([id, s]) => ({ id, final: s.all[s.all.length - 1], earlier: s.all.slice(0, -1) }));
}
const textOf = (data) => [].concat(data?.['text/html'] ?? data?.['text/plain'] ?? []).join('');

// Open a notebook in a new page; `opened` gets the page at once, so that a failure can be shown.
async function openNotebook(context, relPath, opened = {}) {
  const page = await context.newPage();
  const messages = recordKernelMessages(page);
  const pageErrors = [];
  Object.assign(opened, { page, messages, pageErrors });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // ?reset: start from an empty workspace, not the last run's open tabs.
  await page.goto(`${opts.url}/lab/tree/${relPath.split('/').map(encodeURIComponent).join('/')}?reset&token=${opts.token}`);
  await page.waitForFunction((p) => {
    const w = window.jupyterapp?.shell.currentWidget;
    return w && w.context?.path === p && w.sessionContext?.session?.kernel?.status === 'idle' && w.content.widgets.length > 0;
  }, relPath, { timeout: 120_000, polling: 200 });
  return { page, messages, pageErrors };
}

// Wait until every non-empty code cell has run, or until the kernel stays idle with nothing queued
// (a cell that failed stops Run All); return the cells that did not run.
async function waitForRunAll(page) {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const s = await page.evaluate(() => {
      const panel = window.jupyterapp.shell.currentWidget;
      const code = panel.content.widgets.filter((c) => c.model.type === 'code' && c.model.sharedModel.getSource().trim() !== '');
      return {
        idle: panel.sessionContext.session?.kernel?.status === 'idle',
        pending: code.filter((c) => (c.promptNode?.textContent ?? '').includes('*')).length,
        notRun: code.filter((c) => c.model.executionCount === null).map((c) => panel.content.widgets.indexOf(c) + 1),
      };
    });
    if (s.idle && s.pending === 0 && s.notRun.length === 0) return [];
    quiet = s.idle && s.pending === 0 ? quiet + 1 : 0;
    if (quiet >= 15 || Date.now() > deadline) return s.notRun;
    await page.waitForTimeout(200);
  }
}

async function runNotebook(context, file) {
  const name = path.basename(file);
  const stem = name.replace(/\.ipynb$/, '');
  const problems = [];
  const started = Date.now();
  const opened = {};
  try {
    await openNotebook(context, `${opts.folder}/${name}`, opened);
    const { page, messages } = opened;
    const kernel = await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name);
    if (kernel !== opts.kernel) problems.push(`the notebook opened with kernel '${kernel}', not '${opts.kernel}'`);
    // Clear the committed outputs, so that everything checked below is what this run produced, and
    // reveal the outputs the notebook hides (jupyter.outputs_hidden), as a reader who opens them.
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
      await window.jupyterapp.commands.execute('notebook:show-all-cell-outputs');
    });
    // Run > Run All Cells; not awaited: the wait below watches the cells.
    await page.evaluate(() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); });
    const notRun = await waitForRunAll(page);
    if (notRun.length) problems.push(`not every cell ran within ${opts['timeout-s']} s (or Run All stopped); cells not run: ${notRun.join(', ')}`);
    await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-output img')].every((img) => img.complete),
      null, { timeout: 30_000 }).catch(() => problems.push('images were still loading after 30 s'));
    const seconds = (Date.now() - started) / 1000;

    const cells = await page.evaluate((imageTypes) => {
      const panel = window.jupyterapp.shell.currentWidget;
      return panel.content.widgets.map((c, i) => {
        const outputs = c.model.type === 'code' ? c.model.outputs.toJSON() : [];
        const imgs = [...c.node.querySelectorAll('.jp-OutputArea-output img')];
        return {
          index: i,
          hidden: c.model.type === 'code' && c.outputHidden,
          errors: outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
          texts: outputs.map((o) => [].concat(o.data?.['text/html'] ?? o.data?.['text/plain'] ?? []).join('')),
          liveImages: outputs.filter((o) => imageTypes.some((m) => o.data && m in o.data)).length,
          decodedImages: imgs.filter((img) => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0).length,
          brokenImages: imgs.filter((img) => !(img.complete && img.naturalWidth > 0)).length,
        };
      });
    }, IMAGE_TYPES);

    const expected = committedChartCells(file);
    let charts = 0;
    for (const c of cells) {
      const where = `cell ${c.index + 1}`;
      for (const e of c.errors) problems.push(`${where} shows an error: ${e}`);
      if (c.hidden) problems.push(`${where} still hides its outputs`);
      if (c.brokenImages > 0) problems.push(`${where} has ${c.brokenImages} image(s) the browser could not decode`);
      if (expected.has(c.index) || c.liveImages > 0) {
        charts++;
        if (c.decodedImages === 0) {
          problems.push(`${where} should show a chart (${expected.has(c.index) ? 'its committed output has one' : 'its output has an image'}) but shows no image`);
        }
      }
    }
    // Progress lines: each display updated in place must show its last state, and no earlier one.
    const displays = updatedDisplays(messages);
    const shown = cells.flatMap((c) => c.texts);
    for (const d of displays) {
      const final = textOf(d.final);
      if (!shown.includes(final)) problems.push(`display ${d.id} does not show its final state: ${final.slice(0, 80)}`);
      for (const e of d.earlier.map(textOf)) {
        if (e !== final && shown.includes(e)) problems.push(`display ${d.id} still shows an earlier state: ${e.slice(0, 80)}`);
      }
    }

    await screenshotNotebook(page, path.join(opts.out, `${stem}.png`));
    const dir = path.join(opts.out, stem);
    fs.mkdirSync(dir, { recursive: true });
    for (const c of cells) {
      if (!(expected.has(c.index) || c.liveImages > 0)) continue;
      const handle = await page.evaluateHandle((i) => window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector('.jp-Cell-outputWrapper'), c.index);
      const el = handle.asElement();
      if (el) await el.screenshot({ path: path.join(dir, `cell-${String(c.index + 1).padStart(2, '0')}.png`) }).catch(() => {});
    }
    return { name, seconds, charts, displays: displays.length, problems, pageErrors: opened.pageErrors };
  } catch (e) {
    problems.push(`browser run failed: ${e.message.split('\n')[0]}`);
    if (opened.page) await opened.page.screenshot({ path: path.join(opts.out, `${stem}-failure.png`) }).catch(() => {});
    return { name, seconds: (Date.now() - started) / 1000, charts: 0, displays: 0, problems, pageErrors: opened?.pageErrors ?? [] };
  } finally {
    if (opened.page) await closeNotebook(opened.page);
  }
}

// Stop the notebook's kernel before the next one starts (2 cores, one JVM each); never save.
async function closeNotebook(page) {
  await page.evaluate(() => window.jupyterapp.shell.currentWidget?.sessionContext.shutdown()).catch(() => {});
  await page.close();
}

// The window grows to the notebook's height (Lab lays itself out to the window), so that one
// screenshot shows every cell; a notebook taller than that is shot in parts: STEM.png, STEM-2.png...
// The cells scroll in an element inside the notebook (Lab 4's windowed list).
async function screenshotNotebook(page, file) {
  const scroller = '.jp-WindowedPanel-outer';
  const needed = await page.evaluate((sel) => (window.jupyterapp.shell.currentWidget.content.node.querySelector(sel) ?? window.jupyterapp.shell.currentWidget.content.node).scrollHeight + 160, scroller);
  const height = Math.min(needed, 12000);
  await page.setViewportSize({ width: 1280, height });
  await page.waitForTimeout(500);
  const parts = Math.ceil((needed - 160) / (height - 160));
  for (let k = 0; k < parts; k++) {
    await page.evaluate(([sel, top]) => { (window.jupyterapp.shell.currentWidget.content.node.querySelector(sel) ?? window.jupyterapp.shell.currentWidget.content.node).scrollTop = top; }, [scroller, k * (height - 160)]);
    await page.waitForTimeout(200);
    await page.screenshot({ path: k === 0 ? file : file.replace(/\.png$/, `-${k + 1}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// ---------------------------------------------------------------------------------------------
// What a user does by hand, in a scratch notebook.

async function newScratchNotebook(context) {
  const rel = `${opts.scratch}/interactions.ipynb`;
  const nb = {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: opts.kernel, display_name: 'Java', language: 'java' } },
    cells: [],
  };
  const res = await fetch(`${opts.url}/api/contents/${rel}`, {
    method: 'PUT',
    headers: { Authorization: `token ${opts.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'notebook', format: 'json', content: nb }),
  });
  if (!res.ok) throw new Error(`could not create ${rel}: HTTP ${res.status}`);
  return openNotebook(context, rel);
}

// Replace the notebook's cells with these sources; the active cell is the first.
async function setCells(page, sources) {
  await page.evaluate((srcs) => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    nb.model.sharedModel.transact(() => {
      nb.model.sharedModel.deleteCellRange(0, nb.model.sharedModel.cells.length);
      nb.model.sharedModel.insertCells(0, srcs.map((source) => ({ cell_type: 'code', source })));
    });
    nb.activeCellIndex = 0;
  }, sources);
}

// Run cell i (Shift-Enter on it would also move on; this runs exactly that cell) and, unless told
// not to, wait for its reply; returns its outputs.
async function runCell(page, i, wait = true) {
  await page.evaluate((index) => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = index;
    nb.deselectAll();
    window.jupyterapp.commands.execute('notebook:run-cell');
  }, i);
  if (!wait) return null;
  await page.waitForFunction((index) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const c = panel.content.widgets[index];
    return c.model.executionCount !== null && !(c.promptNode?.textContent ?? '').includes('*') && panel.sessionContext.session?.kernel?.status === 'idle';
  }, i, { timeout: 120_000, polling: 100 });
  return cellOutputs(page, i);
}
const cellOutputs = (page, i) => page.evaluate((index) => window.jupyterapp.shell.currentWidget.content.widgets[index].model.outputs.toJSON(), i);

async function interactions(context) {
  const checks = [];
  const check = async (name, fn) => {
    const started = Date.now();
    try {
      const detail = await fn();
      checks.push({ name, ok: true, detail, seconds: (Date.now() - started) / 1000 });
    } catch (e) {
      checks.push({ name, ok: false, detail: e.message.split('\n')[0], seconds: (Date.now() - started) / 1000 });
    }
  };
  const { page } = await newScratchNotebook(context);
  const shot = (n) => page.screenshot({ path: path.join(opts.out, `lab-${n}.png`) });
  try {
    await check('Tab after Matrix. offers of', async () => {
      // In the new notebook's own empty cell, as a user starts (cells replaced through the model
      // leave Lab's completer attached to the old editor until the active cell changes).
      await page.locator('.jp-Cell').first().locator('.cm-content').click();
      await page.keyboard.type('Matrix.');
      // The kernel's first completion after its start can be slow on a loaded machine; a user who
      // sees nothing presses Tab again, and so does this test (three times at most).
      const items = page.locator('.jp-Completer .jp-Completer-item');
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Tab');
        try {
          await items.first().waitFor({ timeout: 15_000 });
          break;
        } catch (e) {
          if (attempt === 3) {
            await shot('completion-failure');
            throw e;
          }
          await page.keyboard.press('Escape');
          await page.locator('.jp-Cell').first().locator('.cm-content').click();
          await page.keyboard.press('End');
        }
      }
      const offered = (await items.allTextContents()).map((t) => t.trim());
      await shot('completion');
      await page.keyboard.press('Escape');
      if (!offered.some((t) => t.startsWith('of'))) throw new Error(`the completer offers ${JSON.stringify(offered)}, not of`);
      return `offered: ${offered.join(', ')}`;
    });

    await check('the contextual help panel shows Matrix.of', async () => {
      await setCells(page, ['Matrix.of(']);
      await page.evaluate(() => window.jupyterapp.commands.execute('inspector:open'));
      // Put the cursor after the name, as a reader does, so that the panel asks the kernel.
      await page.locator('.jp-Cell').first().locator('.cm-content').click();
      await page.keyboard.press('End');
      const panel = page.locator('.jp-Inspector-content');
      await page.waitForFunction(() => (document.querySelector('.jp-Inspector-content')?.textContent ?? '').includes('Matrix.of('),
        null, { timeout: 30_000 });
      const text = (await panel.textContent()).trim();
      await shot('contextual-help');
      if (!text.includes('Matrix Matrix.of(List<Design> designs)')) throw new Error(`the panel shows: ${text.slice(0, 200)}`);
      await page.evaluate(() => window.jupyterapp.commands.execute('inspector:close').catch(() => {}));
      return text.replace(/\s+/g, ' ').slice(0, 120);
    });

    await check('the toolbar interrupt stops a running loop and the next cell runs', async () => {
      await setCells(page, ['long spins = 0;\nwhile (true) { spins++; }', '40 + 2']);
      await runCell(page, 0, false);
      await page.waitForFunction(() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status === 'busy',
        null, { timeout: 30_000, polling: 50 });
      await page.waitForTimeout(1000); // it is really looping
      await page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="interrupt"] button, .jp-NotebookPanel-toolbar [data-jp-item-name="interrupt"]').first().click();
      await page.waitForFunction(() => {
        const c = window.jupyterapp.shell.currentWidget.content.widgets[0];
        return c.model.outputs.toJSON().some((o) => o.output_type === 'error');
      }, null, { timeout: 30_000, polling: 100 });
      const error = (await cellOutputs(page, 0)).find((o) => o.output_type === 'error');
      if (!(error.traceback || []).length) throw new Error(`the interrupted cell's error has no traceback: ${error.ename}`);
      await shot('interrupt');
      const next = await runCell(page, 1);
      const value = next.find((o) => o.output_type === 'execute_result')?.data['text/plain'];
      if (value !== '42') throw new Error(`the next cell gave ${JSON.stringify(next)}, not 42`);
      return `${error.ename}, then 40 + 2 = ${value}`;
    });

    await check('a restart loses a defined variable', async () => {
      await setCells(page, ['int answer = 42;', 'answer']);
      const before = await runCell(page, 1 - 1);
      if (before.some((o) => o.output_type === 'error')) throw new Error(`defining answer failed: ${JSON.stringify(before)}`);
      await page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="restart"] button, .jp-NotebookPanel-toolbar [data-jp-item-name="restart"]').first().click();
      await page.locator('.jp-Dialog .jp-mod-accept').click();
      await page.waitForFunction(() => {
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel;
        return k && k.status === 'idle';
      }, null, { timeout: 60_000, polling: 100 });
      await page.waitForTimeout(500);
      const after = await runCell(page, 1);
      const error = after.find((o) => o.output_type === 'error');
      await shot('restart');
      if (!error) throw new Error(`after the restart, answer still gives ${JSON.stringify(after)}`);
      if (!JSON.stringify(error).includes('cannot find symbol')) throw new Error(`after the restart: ${error.ename}: ${error.evalue}`);
      return `after the restart: ${error.ename}: cannot find symbol`;
    });
  } finally {
    await closeNotebook(page);
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------

const only = opts.only ? opts.only.split(',') : null;
const files = fs.readdirSync(opts.notebooks).filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
  .filter((f) => !only || only.includes(f)).sort().map((f) => path.join(opts.notebooks, f));
if (files.length === 0) throw new Error(`no notebooks in ${opts.notebooks}`);
fs.mkdirSync(opts.out, { recursive: true });
const { context, close: closeChromium } = await launchChromium({ width: 1280, height: 900 });
// The app must load nothing from the web: fail every request elsewhere, and count it.
await context.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
  outside.push(url.href);
  return route.abort();
});
const results = [];
let checks = [];
try {
  for (const file of files) {
    const r = await runNotebook(context, file);
    results.push(r);
    console.log(`${r.name}: ${r.problems.length ? 'FAILED' : 'ok'} in ${r.seconds.toFixed(1)} s, ${r.charts} chart cell(s), ${r.displays} display(s) updated in place`);
    for (const p of r.problems) console.log(`  ${p}`);
    for (const p of r.pageErrors) console.log(`  (JavaScript error in the page, not counted: ${p})`);
  }
  if (!opts['skip-interactions']) {
    checks = await interactions(context).catch((e) => [{ name: 'open a scratch notebook', ok: false, detail: e.message.split('\n')[0], seconds: 0 }]);
    for (const c of checks) console.log(`${c.ok ? 'ok' : 'FAILED'}: ${c.name} (${c.seconds.toFixed(1)} s): ${c.detail}`);
  }
} finally {
  await closeChromium();
}
fs.writeFileSync(path.join(opts.out, 'results.json'), JSON.stringify({ results, checks, outside }, null, 2));
const failed = results.filter((r) => r.problems.length).length + checks.filter((c) => !c.ok).length;
if (outside.length) console.log(`FAILED: the app asked for ${outside.length} thing(s) outside 127.0.0.1: ${[...new Set(outside)].slice(0, 5).join(', ')}`);
else console.log('no request left 127.0.0.1');
console.log(`${results.length - results.filter((r) => r.problems.length).length} of ${results.length} notebooks ok in JupyterLab, ` +
  `${checks.filter((c) => c.ok).length} of ${checks.length} interactions ok; screenshots in ${opts.out}`);
process.exit(failed || outside.length ? 1 : 0);
