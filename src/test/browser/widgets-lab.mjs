// The stepper in JupyterLab: Run All on the widgets fixture, then, as a reader would,
//  - drag the slider to a step k: the memmap picture must show the words of step k as the kernel
//    recorded them (asked of the kernel directly: st.steps().picture(k));
//  - press Play: the step advances by itself;
//  - pick design D7: the kernel log shown changes, to D7's log at that step.
// Usage: node widgets-lab.mjs --url http://127.0.0.1:PORT --token T --out DIR (started by ./widgets-lab)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const opts = {};
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); return ok; };
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memremap-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await context.newPage();
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error' && /widget|model|comm/i.test(m.text())) problems.push(`console: ${m.text()}`); });

// Runs code in the notebook's kernel (not as a cell) and returns its text/plain result, unquoted.
async function kernelValue(code) {
  return page.evaluate(async (code) => {
    const kernel = window.jupyterapp.shell.currentWidget.context.sessionContext.session.kernel;
    const future = kernel.requestExecute({ code, silent: false, store_history: false });
    let value = null;
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === 'execute_result') value = msg.content.data['text/plain'];
      if (msg.header.msg_type === 'error') value = `ERROR ${msg.content.ename}: ${msg.content.evalue}`;
    };
    await future.done;
    return value === null ? null : value.replace(/^"|"$/g, '');
  }, code);
}

// The text a reader sees in an HTML fragment, as the browser lays it out.
async function textOf(html) {
  return page.evaluate((html) => {
    const div = document.createElement('div');
    div.innerHTML = html;
    return div.textContent.replace(/\s+/g, ' ').trim();
  }, html);
}

const stepper = '.jp-Cell:nth-child(2) .jp-OutputArea-output';
const readout = async () => Number((await page.textContent(`${stepper} .widget-slider .widget-readout`)).trim());
// The stepper's column: dropdowns, Play + slider + label, the picture (in a row), the chart, the log, the output.
const pictureText = async () => (await page.textContent(`${stepper} .widget-hbox > .widget-html .widget-html-content`)).replace(/\s+/g, ' ').trim();
const logText = async () => (await page.textContent(`${stepper} .widget-vbox > .widget-html .widget-html-content`)).replace(/\s+/g, ' ').trim();

try {
  await page.goto(`${opts.url}/lab/tree/widgets.ipynb?reset&token=${opts.token}`);
  await page.waitForFunction(() => window.jupyterapp && window.jupyterapp.shell.currentWidget
    && window.jupyterapp.shell.currentWidget.context && window.jupyterapp.shell.currentWidget.context.sessionContext.session
    && window.jupyterapp.shell.currentWidget.context.sessionContext.session.kernel
    && window.jupyterapp.shell.currentWidget.context.sessionContext.session.kernel.status === 'idle', null, { timeout: 120_000, polling: 200 });
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
  await page.waitForSelector(`${stepper} .widget-slider`, { timeout: 120_000 });
  await page.waitForSelector(`${stepper} img.widget-image`, { timeout: 60_000 });
  check(await page.locator(`${stepper} .widget-play`).count() === 1, 'the stepper shows no Play widget');
  check(await page.locator(`${stepper} .widget-dropdown select`).count() === 2, 'the stepper does not show two dropdowns');
  const protocol = await kernelValue('WidgetRegistry.protocol()');
  check(protocol === 'V2_1', `the kernel's widget protocol is ${protocol}, not V2_1`);

  // Drag the slider's handle to about 60 % of the track.
  const track = await page.locator(`${stepper} .widget-slider .noUi-target`).boundingBox();
  const handle = await page.locator(`${stepper} .widget-slider .noUi-handle`).boundingBox();
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width * 0.6, handle.y + handle.height / 2, { steps: 10 });
  await page.mouse.up();
  const k = await readout();
  check(k > 1, `after the drag the slider reads ${k}`);
  const expectedPicture = await textOf(await kernelValue(`st.steps().picture(${k}).toHtml()`));
  let shown = '';
  for (let i = 0; i < 50 && shown !== expectedPicture; i++) { await page.waitForTimeout(200); shown = await pictureText(); }
  check(shown === expectedPicture, `step ${k}: the picture shows\n    ${shown.slice(0, 300)}\n  the kernel recorded\n    ${expectedPicture.slice(0, 300)}`);
  const kernelStep = await kernelValue('st.slider().value()');
  check(kernelStep === String(k), `the kernel's slider is at ${kernelStep}, the page's at ${k}`);
  await page.screenshot({ path: path.join(opts.out, 'widgets-lab-dragged.png'), fullPage: true });

  // Play: back to the start, then play for a while.
  await kernelValue('st.step(0); st.play().interval(150);');
  for (let i = 0; i < 50 && (await readout()) !== 0; i++) await page.waitForTimeout(100);
  await page.click(`${stepper} .widget-play button:nth-of-type(1)`);
  await page.waitForTimeout(2000);
  const played = await readout();
  check(played >= 3, `after 2 s of Play (150 ms per step) the slider reads ${played}`);
  await page.click(`${stepper} .widget-play button:nth-of-type(1)`);   // the same button pauses
  await page.waitForTimeout(1000);
  // The kernel keeps up: once paused, its slider is where the page's is.
  let paused = await readout();
  let inKernel = '';
  for (let i = 0; i < 50 && inKernel !== String(paused); i++) {
    await page.waitForTimeout(200);
    paused = await readout();
    inKernel = await kernelValue('st.slider().value()');
  }
  check(inKernel === String(paused), `paused at ${paused} on the page, the kernel's slider is at ${inKernel}`);

  // Another design, at the last step: D4 leaks in S1 (memunmap_pages hangs), D7 does not, so the logs differ.
  const last = Number(await kernelValue('st.step(st.steps().size()); st.slider().value()'));
  for (let i = 0; i < 50 && (await readout()) !== last; i++) await page.waitForTimeout(100);
  check((await readout()) === last, `the page's slider did not follow the kernel to step ${last}`);
  const before = await logText();
  // Dropdown labels are shown with &nbsp; for spaces; select by the option's index instead.
  const index = await page.evaluate((sel) => Array.from([...document.querySelectorAll(sel)][1].querySelectorAll('option'))
    .findIndex((o) => o.textContent.replace(/\u00a0/g, ' ').startsWith('D7 ')), `${stepper} .widget-dropdown select`);
  const label = 'D7';
  check(index >= 0, 'the design dropdown offers no D7');
  await page.locator(`${stepper} .widget-dropdown select`).nth(1).selectOption({ index });
  let design = '';
  for (let i = 0; i < 50 && design !== 'D7'; i++) { await page.waitForTimeout(200); design = await kernelValue('st.steps().design().name()'); }
  check(design === 'D7', `after picking ${label} the kernel's stepper shows ${design}`);
  const step = await readout();
  const expectedLog = await textOf(await kernelValue(`st.steps().logHtml(${step})`));
  let log = '';
  for (let i = 0; i < 50 && log !== expectedLog; i++) { await page.waitForTimeout(200); log = await logText(); }
  check(log === expectedLog, `the log after picking D7 is not D7's log at step ${step}:\n    ${log.slice(0, 300)}`);
  check(log !== before, 'picking D7 did not change the log');
  await page.screenshot({ path: path.join(opts.out, 'widgets-lab.png'), fullPage: true });
} catch (e) {
  problems.push(`browser run failed: ${e.message.split('\n')[0]}`);
  await page.screenshot({ path: path.join(opts.out, 'widgets-lab-failure.png'), fullPage: true }).catch(() => {});
} finally {
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.context.sessionContext.shutdown()).catch(() => {});
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
if (problems.length) {
  console.log(`widgets in JupyterLab: FAILED\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('widgets in JupyterLab: drag shows the recorded step, Play advances, another design changes the log');
