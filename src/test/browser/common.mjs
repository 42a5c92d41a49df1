// What the browser tests share: their command-line options, Debian's headless Chromium with a throwaway
// profile, and which cells of a committed notebook hold a chart.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'];

// --key value pairs over `defaults`; every key in `required` must be given, and every key needs a value.
export function parseOptions(defaults, required) {
  const opts = { ...defaults };
  for (let i = 2; i < process.argv.length; i += 2) {
    const key = process.argv[i].replace(/^--/, '');
    if (process.argv[i + 1] === undefined) throw new Error(`${process.argv[i]} needs a value`);
    opts[key] = process.argv[i + 1];
  }
  for (const k of required) {
    if (!opts[k]) throw new Error(`--${k} is required`);
  }
  return opts;
}

// Chromium without sandbox, GPU, QUIC or background traffic, in a fresh profile. `close()` closes the
// browser and deletes the profile. Without a viewport, Playwright's default size is used.
export async function launchChromium(viewport) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memremap-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    ...(viewport ? { viewport } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

// The cells (by index) whose committed outputs hold an image: a reader expects a chart there.
export function committedChartCells(file) {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  const cells = new Set();
  nb.cells.forEach((cell, i) => {
    for (const out of cell.outputs || []) {
      const data = out.data || {};
      const html = [].concat(data['text/html'] || []).join('');
      if (IMAGE_TYPES.some((m) => m in data) || html.includes('data:image/')) cells.add(i);
    }
  });
  return cells;
}
