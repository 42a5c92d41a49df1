// Open every notebook in the classic Notebook (6.4) in Debian's headless Chromium, reveal the
// outputs it hides, Run All, wait until every cell has run, and check what a reader sees: no error
// output, and an image, decoded by the browser, in every cell whose committed or live output is a
// chart. Screenshots go to OUT. (lab-notebooks.mjs does the same in JupyterLab, and more.)
//
// Usage: node run-notebooks.mjs --url http://127.0.0.1:PORT --token T --notebooks DIR --out DIR
//        [--kernel java] [--timeout-s 300]
// The Jupyter server is started by ./run next to this file.

import fs from 'node:fs';
import path from 'node:path';
import { committedChartCells, IMAGE_TYPES, launchChromium, parseOptions } from './common.mjs';

const opts = parseOptions({ kernel: 'java', 'timeout-s': '300' }, ['url', 'token', 'notebooks', 'out']);
const timeoutMs = Number(opts['timeout-s']) * 1000;

// Make the notebook's own scroll container grow, so that a full-page screenshot shows every cell.
const FULL_PAGE_CSS = `
  html, body { height: auto !important; overflow: visible !important; }
  #site { height: auto !important; overflow: visible !important; }
  #header { position: static !important; }`;

async function runNotebook(context, file) {
  const name = path.basename(file);
  const stem = name.replace(/\.ipynb$/, '');
  const problems = [];
  const pageErrors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const started = Date.now();
  try {
    await page.goto(`${opts.url}/notebooks/${encodeURIComponent(name)}?token=${opts.token}`);
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 120_000 });
    const kernel = await page.evaluate(() => Jupyter.notebook.kernel.name);
    if (kernel !== opts.kernel) problems.push(`the notebook opened with kernel '${kernel}', not '${opts.kernel}'`);
    // Never write the notebook back (the committed outputs are the reference); clear what was
    // committed, so that everything checked below is what this run produced; and reveal the outputs
    // the notebook hides (answer cells: "collapsed": true), as a reader who opens them.
    await page.evaluate(() => {
      Jupyter.notebook.set_autosave_interval(0);
      Jupyter.notebook.clear_all_output();
      Jupyter.notebook.expand_all_output();
    });
    // The menu ids: text selectors would also match hidden menu items.
    await page.click('#celllink');
    await page.click('#run_all_cells > a');
    try {
      await page.waitForFunction(() => {
        const code = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code' && c.get_text().trim() !== '');
        return code.length > 0 && code.every((c) => typeof c.input_prompt_number === 'number');
      }, null, { timeout: timeoutMs, polling: 200 });
    } catch (e) {
      const stuck = await page.evaluate(() => Jupyter.notebook.get_cells()
        .map((c, i) => [i + 1, c.cell_type, c.input_prompt_number])
        .filter(([, t, n]) => t === 'code' && typeof n !== 'number').map(([i, , n]) => `${i} (${n ?? 'not run'})`));
      problems.push(`not every cell ran within ${opts['timeout-s']} s; cells left: ${stuck.join(', ')}`);
    }
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 60_000 });
    // Give the browser the time to decode the images it was just sent.
    await page.waitForFunction(() => [...document.querySelectorAll('.output_subarea img')].every((img) => img.complete),
      null, { timeout: 30_000 }).catch(() => problems.push('images were still loading after 30 s'));
    const seconds = (Date.now() - started) / 1000;

    const cells = await page.evaluate((imageTypes) => Jupyter.notebook.get_cells().map((c, i) => {
      const outputs = c.output_area ? c.output_area.outputs : [];
      const el = c.element[0];
      const imgs = [...el.querySelectorAll('.output_subarea img')];
      return {
        index: i,
        type: c.cell_type,
        hidden: Boolean(c.output_area && c.output_area.collapsed),
        errors: outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
        errorElements: el.querySelectorAll('.output_error').length,
        liveImages: outputs.filter((o) => imageTypes.some((m) => o.data && m in o.data)).length,
        decodedImages: imgs.filter((img) => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0).length
          + el.querySelectorAll('.output_svg svg').length,
        brokenImages: imgs.filter((img) => !(img.complete && img.naturalWidth > 0)).length,
      };
    }), IMAGE_TYPES);

    const expected = committedChartCells(file);
    let charts = 0;
    for (const c of cells) {
      const where = `cell ${c.index + 1}`;
      for (const e of c.errors) problems.push(`${where} shows an error: ${e}`);
      if (c.hidden) problems.push(`${where} still hides its outputs`);
      if (c.errors.length === 0 && c.errorElements > 0) problems.push(`${where} shows an error output`);
      if (c.brokenImages > 0) problems.push(`${where} has ${c.brokenImages} image(s) the browser could not decode`);
      const isChart = expected.has(c.index) || c.liveImages > 0;
      if (isChart) {
        charts++;
        if (c.decodedImages === 0) {
          problems.push(`${where} should show a chart (${expected.has(c.index) ? 'its committed output has one' : 'its output has an image'}) but shows no image`);
        }
      }
    }

    // Screenshots: the whole notebook, and each chart cell on its own (easier to look at).
    const dir = path.join(opts.out, stem);
    fs.mkdirSync(dir, { recursive: true });
    await page.addStyleTag({ content: FULL_PAGE_CSS });
    await page.screenshot({ path: path.join(opts.out, `${stem}.png`), fullPage: true });
    for (const c of cells) {
      if (!(expected.has(c.index) || c.liveImages > 0)) continue;
      const handle = await page.evaluateHandle((i) => Jupyter.notebook.get_cell(i).element[0].querySelector('.output_wrapper'), c.index);
      const el = handle.asElement();
      if (el) await el.screenshot({ path: path.join(dir, `cell-${String(c.index + 1).padStart(2, '0')}.png`) });
    }
    return { name, seconds, charts, problems, pageErrors };
  } catch (e) {
    problems.push(`browser run failed: ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(opts.out, `${stem}-failure.png`) }).catch(() => {});
    return { name, seconds: (Date.now() - started) / 1000, charts: 0, problems, pageErrors };
  } finally {
    // Stop this notebook's kernel before the next one starts (2 cores, one JVM each).
    await page.evaluate(() => Jupyter.notebook.session.delete()).catch(() => {});
    await page.close();
  }
}

const files = fs.readdirSync(opts.notebooks).filter((f) => f.endsWith('.ipynb') && !f.startsWith('.')).sort()
  .map((f) => path.join(opts.notebooks, f));
if (files.length === 0) throw new Error(`no notebooks in ${opts.notebooks}`);
fs.mkdirSync(opts.out, { recursive: true });
const { context, close: closeChromium } = await launchChromium({ width: 1280, height: 900 });
const results = [];
try {
  for (const file of files) {
    const r = await runNotebook(context, file);
    results.push(r);
    console.log(`${r.name}: ${r.problems.length ? 'FAILED' : 'ok'} in ${r.seconds.toFixed(1)} s, ${r.charts} chart cell(s)`);
    for (const p of r.problems) console.log(`  ${p}`);
    for (const p of r.pageErrors) console.log(`  (JavaScript error in the page, not counted: ${p})`);
  }
} finally {
  await closeChromium();
}
fs.writeFileSync(path.join(opts.out, 'results.json'), JSON.stringify(results, null, 2));
const failed = results.filter((r) => r.problems.length).length;
console.log(`${results.length - failed} of ${results.length} notebooks ok in the browser; screenshots in ${opts.out}`);
process.exit(failed ? 1 : 0);
