// Browser test of the 办学质量评价 page (issue 9) against a running
// `jiaodu serve` with the demo city, whose demo holds two years of values
// for the example 高中 scheme (see run.sh).
//
//   BASE_URL=http://127.0.0.1:18080 node --test school_eval.test.mjs
//
// The page's ranking is compared with the JSON API; the flags, a school's
// breakdown, the PDF 通报 and a refused import are checked through the UI.
// Fails on any failed step, console error, page error or 5xx answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, openBrowser, api, shot, settle } from './harness.mjs';

test('办学质量评价: the ranking as the API, a flagged school, the PDF, a bad import refused', { timeout: 300_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();
  try {
    const schemes = (await api('school-eval/schemes')).schemes;
    const scheme = schemes.find((s) => s.years.length >= 2);
    let ranking;

    await t.test('the menu opens the latest year of the scheme with data, rows and totals as the API', async () => {
      assert.ok(scheme, `a scheme with two years: ${JSON.stringify(schemes.map((s) => [s.id, s.years]))}`);
      const year = scheme.years[scheme.years.length - 1];
      ranking = await api(`school-eval/${scheme.id}/${year}`);
      await page.goto(`${BASE}/#/`);
      await page.locator('[data-test=nav-school-eval]').click();
      await page.waitForSelector('[data-test=se-table] .el-table__row');
      await settle(page);
      const rows = page.locator('[data-test=se-table] .el-table__body .el-table__row');
      assert.equal(await rows.count(), ranking.schools.length);
      const first = await rows.first().innerText();
      assert.match(first, new RegExp(ranking.schools[0].name));
      assert.match(first, new RegExp(ranking.schools[0].total.toFixed(ranking.scheme.decimals).replace('.', '\\.')));
      assert.equal(await page.locator('[data-test=se-example]').count(), ranking.scheme.example ? 1 : 0);
      await shot(page, '80-school-eval');
    });

    await t.test('the flagged schools carry 约谈 and 连续两年靠后 tags, and one opens its breakdown', async () => {
      const bottom = ranking.schools.filter((s) => s.bottom).length;
      const follow = ranking.schools.filter((s) => s.follow_up).length;
      assert.ok(follow >= 1, 'the demo shows a school bottom two years running');
      assert.equal(await page.locator('[data-test=se-flag-bottom]').count(), bottom);
      assert.equal(await page.locator('[data-test=se-flag-follow]').count(), follow);
      const flagged = ranking.schools.find((s) => s.follow_up);
      await page.locator('[data-test=se-table] .el-table__row', { hasText: flagged.name }).first().click();
      await page.waitForSelector('[data-test=se-detail]');
      const detailRows = page.locator('[data-test=se-detail] .el-table__body .el-table__row');
      assert.equal(await detailRows.count(), ranking.scheme.indicators.length);
      assert.match(await page.locator('[data-test=se-detail]').innerText(), new RegExp(flagged.name));
    });

    await t.test('the 通报 downloads as a PDF', async () => {
      const pending = page.waitForEvent('download', { timeout: 60_000 });
      await page.locator('[data-test=se-pdf]').click();
      const d = await pending;
      const bytes = fs.readFileSync(await d.path());
      assert.match(d.suggestedFilename(), /办学质量评价通报\.pdf$/);
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    });

    await t.test('picking a county narrows the table to its schools, with their city ranks', async () => {
      const county = ranking.schools[ranking.schools.length - 1].county;
      const name = ranking.schools[ranking.schools.length - 1].county_name;
      const own = ranking.schools.filter((s) => s.county === county);
      assert.ok(own.length < ranking.schools.length, 'the demo spreads the schools over counties');
      await page.locator('[data-test=se-place]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).click();
      await page.waitForFunction((n) => document.querySelector('[data-test=se-title]')?.innerText.includes(n), name);
      await page.waitForSelector('[data-test=se-table] .el-table__row');
      await settle(page);
      const rows = page.locator('[data-test=se-table] .el-table__body .el-table__row');
      assert.equal(await rows.count(), own.length);
      const text = await rows.first().innerText();
      assert.match(text, new RegExp(own[0].name));
      assert.match(text, new RegExp(`\\b${own[0].rank}\\b`), `city rank ${own[0].rank} kept in ${text}`);
      await shot(page, '80b-school-eval-county');
    });

    await t.test('a workbook naming an unknown school is refused with its row, nothing saved', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaodu-seimp-'));
      const first = schemes[0];
      const head = ['学校标识码', '学校名称', ...first.indicators.map((i) => `${i.id} ${i.name.zh}`)].join(',');
      const known = ranking.scheme.id === first.id ? ranking.schools[0].code : (await api('schools')).schools[0].code;
      const blanks = first.indicators.map(() => '').join(',');
      const bad = path.join(dir, '评价数据.csv');
      fs.writeFileSync(bad, [head, `${known},,${blanks}`, `9999999999,不存在的中学,${blanks}`].join('\n') + '\n');
      await page.goto(`${BASE}/#/school-eval/import`);
      await page.waitForSelector('[data-test=seimp-upload]');
      await page.locator('[data-test=seimp-upload] input[type=file]').setInputFiles([bad]);
      await page.locator('[data-test=seimp-start]').click();
      await page.waitForSelector('[data-test=seimp-import-failed], [data-test=seimp-ok]');
      assert.equal(await page.locator('[data-test=seimp-ok]').count(), 0, 'the bad file is not accepted');
      const rowNos = await page.locator('[data-test=error-table] [data-test=error-row]').allInnerTexts();
      assert.ok(rowNos.map((x) => x.trim()).includes('3'), `row 3 among ${JSON.stringify(rowNos)}`);
      const msgs = await page.locator('[data-test=error-table] [data-test=error-message]').allInnerTexts();
      assert.ok(msgs.some((x) => x.includes('9999999999')), `the school named in ${JSON.stringify(msgs)}`);
      const after = (await api('school-eval/schemes')).schemes.find((s) => s.id === first.id);
      assert.deepEqual(after.years, first.years, 'nothing was saved');
      await shot(page, '81-school-eval-import');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    assert.deepEqual(problems, [], 'no console errors, page errors or 5xx answers');
  } finally {
    await browser.close();
  }
});
