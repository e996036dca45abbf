// What the browser tests share: the server's address, the screenshot folder,
// Chromium (Debian's, through playwright-core) with one page whose console
// errors, uncaught page errors and API answers with status >= 500 are
// collected in `problems`, and small helpers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = (process.env.BASE_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
export const SHOTS = process.env.SHOT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'jiaodu-ui-shots-'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(SHOTS, { recursive: true });

// playwright-core launches Chromium with a fresh temporary profile
// (--user-data-dir) of its own; the context is new as well.
export async function openBrowser() {
  const problems = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 500) problems.push(`API ${r.request().method()} ${r.url()} answered ${r.status()}`);
  });
  return { browser, context, page, problems };
}

// GET /api/<p> as JSON; fails on any status but 2xx.
export async function api(p) {
  const res = await fetch(`${BASE}/api/${p}`);
  assert.ok(res.ok, `GET /api/${p} answered ${res.status}`);
  return res.json();
}

export async function shot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`# screenshot ${file}`);
}

export async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // charts draw on the next frame
}
