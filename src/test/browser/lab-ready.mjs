// Seconds from starting the JupyterLab server to a notebook's page showing an idle kernel, in
// headless Chromium (already running, as a user's browser is). Prints `BENCH lab.ready_s=N`.
//
// Usage: node lab-ready.mjs --port P --token T --notebook PATH -- SERVER COMMAND...
// PATH is relative to the server's root; the command must serve on 127.0.0.1:P with token T and
// expose the app (serve.py --expose-app).
import net from 'node:net';
import { spawn } from 'node:child_process';
import { launchChromium } from './common.mjs';

const dash = process.argv.indexOf('--');
if (dash < 0) throw new Error('usage: node lab-ready.mjs --port P --token T --notebook PATH -- SERVER COMMAND...');
const opts = {};
for (let i = 2; i < dash; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const command = process.argv.slice(dash + 1);

const listening = (port) => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

const { context, close: closeChromium } = await launchChromium();
const page = await context.newPage();
const started = Date.now();
const server = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
let code = 0;
try {
  while (!(await listening(Number(opts.port)))) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before it listened`);
    if (Date.now() - started > 60_000) throw new Error('the server did not listen within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  await page.goto(`http://127.0.0.1:${opts.port}/lab/tree/${opts.notebook}?reset&token=${opts.token}`);
  await page.waitForFunction(() => {
    const w = window.jupyterapp?.shell.currentWidget;
    return w?.sessionContext?.session?.kernel?.status === 'idle' && w.content.widgets.length > 0;
  }, null, { timeout: 120_000, polling: 20 });
  console.log(`BENCH lab.ready_s=${((Date.now() - started) / 1000).toFixed(2)}`);
} catch (e) {
  console.error(`lab-ready: ${e.message.split('\n')[0]}`);
  code = 1;
} finally {
  await closeChromium();
  server.kill('SIGTERM'); // it stops its kernel too
  if (server.exitCode === null) await new Promise((r) => server.on('exit', r));
}
process.exit(code);
