// Browser test of the 学位与编制 page against a running `jiaodu serve` with
// the demo city and its planning workbook (written by `jiaodu demo` beside
// the database and loaded by `serve`; see run.sh):
//
//   BASE_URL=http://127.0.0.1:18080 SHOT_DIR=/tmp/shots node --test planning.test.mjs
//
// The figures the page shows (first short year, places needed, class and
// 编制 totals) are those of the API, per scenario; the charts draw; a
// workbook with a mistake lists it with its place and loads nothing; the
// template and the results workbook download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, openBrowser, api, shot, settle } from './harness.mjs';

async function download(page, selector) {
  const pending = page.waitForEvent('download', { timeout: 60_000 });
  await page.locator(selector).click();
  const d = await pending;
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

// The level cards of the county shown, as the page has them.
async function cards(page) {
  return page.locator('[data-test=pl-level-card]').evaluateAll((els) => els.map((e) => ({
    level: e.dataset.level,
    first: e.querySelector('[data-test=pl-first-short]').textContent.trim(),
    needed: Number(e.querySelector('[data-test=pl-needed]').textContent),
  })));
}

function expected(forecast, county) {
  return forecast.capacity.areas.filter((a) => a.area === county).map((a) => ({
    level: a.level.key,
    first: a.first_short_year ? String(a.first_short_year) : '预测期内不缺',
    needed: a.needed,
  }));
}

test('学位与编制: forecast, 班额 and 编制 as the API has them; upload errors; downloads', { timeout: 300_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();
  try {
    let city;
    let county;
    await t.test('the menu opens the page for the city, showing the county short first', async () => {
      await page.goto(`${BASE}/#/`);
      await page.locator('[data-test=nav-planning]').click();
      await page.waitForSelector('[data-test=pl-level-card]');
      city = (await api('areas')).areas.find((a) => a.level === 'city');
      const f = await api(`planning/${city.code}/forecast`);
      const short = f.capacity.areas.filter((a) => a.first_short_year)
        .sort((a, b) => a.first_short_year - b.first_short_year);
      assert.ok(short.length > 0, 'the demo has a county short of places');
      county = short[0].area;
      // The demo's story: the second county runs short of 初中 places.
      const counties = (await api('areas')).areas.filter((a) => a.level === 'county');
      const junior = f.capacity.areas.find((a) => a.area === counties[1].code && a.level.key === 'junior');
      assert.ok(junior.first_short_year, 'the second county is short of 初中 places');
      assert.ok(junior.needed > 0);
      assert.deepEqual(await cards(page), expected(f, county));
      await page.waitForSelector('[data-test=pl-forecast-chart] canvas');
      await settle(page);
      await shot(page, '70-planning-forecast');
    });

    await t.test('the high scenario shows its own figures', async () => {
      await page.locator('[data-test=pl-scenario-high]').click();
      const f = await api(`planning/${city.code}/forecast?scenario=high`);
      await settle(page);
      assert.deepEqual(await cards(page), expected(f, county));
    });

    await t.test('班额: the class totals of the rosters and the band chart', async () => {
      await page.locator('.el-tabs__item', { hasText: '班额' }).click();
      const c = await api(`planning/${city.code}/capacity`);
      assert.ok(c.rosters, 'the demo workbook has rosters');
      await page.waitForSelector('[data-test=pl-band-chart] canvas');
      assert.equal(Number(await page.locator('[data-test=pl-class-total]').innerText()), c.class_size.total.classes);
      assert.equal(Number(await page.locator('[data-test=pl-class-large]').innerText()), c.class_size.total.large);
      assert.equal(Number(await page.locator('[data-test=pl-class-over]').innerText()), c.class_size.total.over_limit);
      // 只看超上限 leaves the sections the API marks over the limit.
      await page.locator('[data-test=pl-only-over]').click();
      const over = c.sections.filter((s) => s.over_limit).length;
      await page.waitForFunction((n) => document.querySelectorAll('[data-test=pl-sections] tr.el-table__row').length === n, over);
      assert.ok(over > 0, 'the demo has sections over the limit');
      await settle(page);
      await shot(page, '71-planning-class');
    });

    await t.test('编制: each county total as the API computes it', async () => {
      await page.locator('.el-tabs__item', { hasText: '编制' }).click();
      const s = await api(`planning/${city.code}/staffing`);
      await page.waitForSelector('[data-test=pl-area-quota]');
      const quotas = (await page.locator('[data-test=pl-area-quota]').allInnerTexts()).map(Number);
      assert.deepEqual(quotas, s.staffing.areas.map((a) => a.quota));
      const gaps = (await page.locator('[data-test=pl-area-gap]').allInnerTexts()).map(Number);
      assert.deepEqual(gaps, s.staffing.areas.map((a) => a.gap));
      assert.equal(await page.locator('[data-test=pl-pool]').count(), s.staffing.pools.length);
      const moved = s.staffing.pools.reduce((n, p) => n + p.transfers.length, 0);
      assert.ok(moved > 0, 'the demo pool moves posts');
      assert.match(await page.locator('[data-test=pl-transfers-toggle]').innerText(), new RegExp(`（${moved}）`));
      await page.locator('[data-test=pl-transfers-toggle]').click();
      await page.waitForSelector('[data-test=pl-transfers]');
      await shot(page, '72-planning-staffing');
    });

    await t.test('a workbook with a mistake lists it with its place and loads nothing', async () => {
      const before = await api(`planning/${city.code}`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaodu-pl-'));
      const file = path.join(dir, '出生人口.csv');
      fs.writeFileSync(file, `县区代码,出生年份,户籍出生人口\n${county},2019,1200\n${county},2020,一千\n`);
      await page.locator('[data-test=pl-file]').setInputFiles(file);
      await page.locator('[data-test=pl-upload]').click();
      await page.waitForSelector('[data-test=pl-file-errors]');
      assert.deepEqual(await page.locator('[data-test=error-row]').allInnerTexts(), ['3']);
      assert.match(await page.locator('[data-test=error-column]').first().innerText(), /C \(户籍出生人口\)/);
      assert.deepEqual((await api(`planning/${city.code}`)).held, before.held, 'nothing replaced');
      const refused = problems.findIndex((p) => p.includes('status of 400'));
      if (refused >= 0) problems.splice(refused, 1);
    });

    await t.test('the template and the results workbook download', async () => {
      const tpl = await download(page, '[data-test=pl-template]');
      assert.equal(tpl.name, '学位与编制测算模板.xlsx');
      assert.equal(tpl.bytes.subarray(0, 2).toString(), 'PK');
      const out = await download(page, '[data-test=pl-export]');
      assert.match(out.name, /学位与编制测算.*\.xlsx$/);
      assert.equal(out.bytes.subarray(0, 2).toString(), 'PK');
    });

    assert.deepEqual(problems, [], 'no console errors, page errors or 5xx answers');
  } finally {
    await browser.close();
  }
});
