// The stepper in the classic Notebook 6 with Debian's ipywidgets 6 (widget protocol 1): Run All on the
// widgets fixture; no cell may show an error, the page may raise no error, the kernel must have seen the
// protocol-1 front end (the last cell prints V1), the stepper must show as widgets, and picking another
// design in its dropdown must reach the kernel and change the log shown.
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
  if (!cells[3].text.includes('V1')) problems.push(`the kernel did not see a protocol-1 front end: ${cells[3].text}`);
  // The widgets, in each cell's widget area.
  const area = (i) => `#notebook-container .cell:nth-of-type(${i + 1}) .widget-area`;
  await page.waitForSelector(`${area(1)} .widget-hslider`, { timeout: 60_000 }).catch(() => problems.push('the stepper shows no slider'));
  await page.waitForSelector(`${area(2)} .widget-hslider`, { timeout: 30_000 }).catch(() => problems.push('the slider cell shows no slider'));
  if (await page.locator(`${area(1)} select`).count() !== 2) problems.push('the stepper does not show two dropdowns');
  // Ask the kernel directly (not as a cell).
  const kernelValue = (code) => page.evaluate((code) => new Promise((resolve) => {
    Jupyter.notebook.kernel.execute(code, { iopub: { output: (msg) => {
      if (msg.msg_type === 'execute_result') resolve(msg.content.data['text/plain'].replace(/^"|"$/g, ''));
      if (msg.msg_type === 'error') resolve(`ERROR ${msg.content.evalue}`);
    } } }, { silent: false, store_history: false });
  }), code);
  const logText = () => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent).join(''),
    `${area(1)} .widget-vbox > .widget-html`);
  await kernelValue('st.step(st.steps().size()); 0');   // the last step: D4 leaks in S1, D7 does not
  await page.waitForTimeout(1500);
  const before = await logText();
  const index = await page.evaluate((sel) => Array.from(document.querySelectorAll(sel)[1].options)
    .findIndex((o) => o.textContent.replace(/\u00a0/g, ' ').startsWith('D7 ')), `${area(1)} select`);
  if (index < 0) problems.push('the design dropdown offers no D7');
  await page.locator(`${area(1)} select`).nth(1).selectOption({ index });
  let design = '';
  for (let i = 0; i < 50 && design !== 'D7'; i++) { await page.waitForTimeout(200); design = await kernelValue('st.steps().design().name()'); }
  if (design !== 'D7') problems.push(`after picking D7 in the page, the kernel's stepper shows ${design}`);
  let after = before;
  for (let i = 0; i < 50 && after === before; i++) { await page.waitForTimeout(200); after = await logText(); }
  if (after === before) problems.push('picking D7 did not change the log shown');
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
console.log('widgets in the classic Notebook (protocol 1): the stepper shows, another design reaches the kernel and changes the log, no errors');
