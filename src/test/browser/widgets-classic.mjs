// The stepper in the classic Notebook 6 with Debian's ipywidgets 6 (widget protocol 1): Run All on the
// widgets fixture; no cell may show an error, the page may raise no error, the kernel must have seen the
// protocol-1 front end (the last cell prints V1), and the stepper's cell must show its static table.
//
// Usage: node widgets-classic.mjs --url http://127.0.0.1:PORT --token T --notebooks DIR --out DIR
// Started by ./run (BROWSER_SCRIPT=widgets-classic.mjs) over src/test/notebooks/fixtures/widgets.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const opts = {};
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const problems = [];
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memremap-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await context.newPage();
const consoleErrors = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
try {
  await page.goto(`${opts.url}/notebooks/widgets.ipynb?token=${opts.token}`);
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 120_000 });
  // The widget extension validates its version on a comm as soon as the kernel is there.
  await page.waitForTimeout(2000);
  await page.evaluate(() => { Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.clear_all_output(); });
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  await page.waitForFunction(() => Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code')
    .every((c) => typeof c.input_prompt_number === 'number'), null, { timeout: 300_000, polling: 200 });
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 60_000 });
  const cells = await page.evaluate(() => Jupyter.notebook.get_cells().map((c) => ({
    type: c.cell_type,
    text: c.element[0].querySelector('.output_subarea') ? c.element[0].querySelector('.output_subarea').innerText : '',
    errors: (c.output_area ? c.output_area.outputs : []).filter((o) => o.output_type === 'error').length
      + c.element[0].querySelectorAll('.output_error').length,
  })));
  cells.forEach((c, i) => { if (c.errors > 0) problems.push(`cell ${i + 1} shows an error: ${c.text.slice(0, 300)}`); });
  if (!cells[1].text.includes('kernel primitive') || !cells[1].text.includes('S1 on D4')) {
    problems.push(`the stepper cell does not show its table of steps: ${cells[1].text.slice(0, 300)}`);
  }
  if (!cells[2].text.includes('IntSlider(value=3')) problems.push(`the slider cell shows: ${cells[2].text.slice(0, 200)}`);
  if (!cells[3].text.includes('V1')) problems.push(`the kernel did not see a protocol-1 front end: ${cells[3].text}`);
  const widgetErrors = consoleErrors.filter((e) => /widget|model|comm/i.test(e));
  for (const e of widgetErrors) problems.push(`console error: ${e}`);
  fs.mkdirSync(opts.out, { recursive: true });
  await page.screenshot({ path: path.join(opts.out, 'widgets-classic.png'), fullPage: true });
} catch (e) {
  problems.push(`browser run failed: ${e.message.split('\n')[0]}`);
  await page.screenshot({ path: path.join(opts.out, 'widgets-classic-failure.png') }).catch(() => {});
} finally {
  await page.evaluate(() => Jupyter.notebook.session.delete()).catch(() => {});
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
if (problems.length) {
  console.log(`widgets in the classic Notebook: FAILED\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('widgets in the classic Notebook: the stepper shows its table, protocol 1 seen, no errors');
