// Browser test of the 质量监测 page (教学质量抽测, issue 9) against a running
// `jiaodu serve` with the demo city, whose demo holds three semesters of
// 八年级 抽测 (see run.sh).
//
//   BASE_URL=http://127.0.0.1:18080 node --test quality.test.mjs
//
// The page's figures are compared with the JSON API, and where cheap with
// figures computed here (the schools that sit the test, from /api/schools).
// Fails on any failed step, console error, page error or 5xx answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, openBrowser, api, shot, settle } from './harness.mjs';

// School types with an 初中 section: the schools whose 八年级 sits the test.
const JUNIOR = new Set(['junior', 'nine_year', 'twelve_year', 'complete']);

const one = (v) => v.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const three = (v) => v.toLocaleString('zh-CN', { minimumFractionDigits: 3, maximumFractionDigits: 3 });

test('质量监测: the latest 抽测, a county, figures as the API, charts, 通报 workbook', { timeout: 300_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();
  try {
    const list = await api('quality/tests');
    let county;
    let bulletin;

    await t.test('the demo has three semesters and the menu opens the latest, city-wide', async () => {
      assert.ok(list.tests.length >= 3, `tests ${list.tests.map((x) => x.id)}`);
      assert.equal(list.latest, list.tests[list.tests.length - 1].id);
      await page.goto(`${BASE}/#/`);
      await page.locator('[data-test=nav-quality]').click();
      await page.waitForSelector('[data-test=q-figures]');
      const latest = list.tests[list.tests.length - 1];
      assert.match(await page.locator('[data-test=q-test-select]').innerText(), new RegExp(latest.name));
      const city = await api(`quality/tests/${latest.id}/bulletin`);
      assert.equal(Number((await page.locator('[data-test=q-students-n]').innerText()).replace(/,/g, '')), city.subjects[0].overall.n);
    });

    await t.test('choosing a county shows its schools, as /api/schools says and the API computed', async () => {
      const counties = (await api('areas')).areas.filter((a) => a.level === 'county');
      county = counties.find((c) => c.name === '石门县') || counties[counties.length - 1];
      await page.locator('[data-test=q-place-select]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: county.name }).click();
      await page.waitForFunction((name) => document.querySelector('[data-test=q-title]')?.textContent.includes(name), county.name);
      await page.waitForSelector('[data-test=q-school-row]');
      await settle(page);
      bulletin = await api(`quality/tests/${list.latest}/bulletin?place=${county.code}`);
      const all = (await api('schools')).schools;
      const expected = all.filter((s) => s.county === county.code && JUNIOR.has(s.type));
      const first = bulletin.subjects[0];
      assert.equal(first.schools.length, expected.length, 'every school with an 初中 section, no other');
      assert.equal(Number(await page.locator('[data-test=q-schools-n]').innerText()), expected.length);
      assert.equal(await page.locator('[data-test=q-mean]').innerText(), one(first.overall.mean));
      // Each row's mean is the API's, shown to one decimal.
      const rows = await page.locator('[data-test=q-school-row]').evaluateAll((els) => els.map((e) => [e.dataset.code, Number(e.dataset.mean)]));
      assert.equal(rows.length, expected.length);
      for (const [code, mean] of rows) {
        const api = first.schools.find((s) => s.code === code);
        assert.ok(api, `${code} in the API's 通报`);
        assert.equal(mean, api.mean);
      }
      // The school mean is that of the school page of the API, too.
      const s = first.schools[0];
      const mine = await api(`quality/tests/${list.latest}/schools/${s.code}`);
      assert.equal(one(mine.subjects[0].school.mean), one(s.mean));
    });

    await t.test('the ICC is labelled the local estimate and stands beside the national figure', async () => {
      const dr = bulletin.subjects[0].diff_rate;
      assert.equal(await page.locator('[data-test=q-icc-local]').innerText(), three(dr.local));
      assert.match(await page.locator('[data-test=q-icc]').innerText(), /校际差异率（本地估计）/);
      assert.ok(dr.national != null, 'the demo county has a national figure');
      assert.equal(await page.locator('[data-test=q-icc-national]').innerText(), three(dr.national));
      const va = bulletin.subjects[0].value_added;
      assert.ok(va, 'value-added estimated');
      assert.equal(Number(await page.locator('[data-test=q-va-above]').getAttribute('data-n')), va.above);
      assert.equal(Number(await page.locator('[data-test=q-va-below]').getAttribute('data-n')), va.below);
    });

    await t.test('the charts draw: distribution, school means, value-added, trend', async () => {
      for (const c of ['q-dist-chart', 'q-means-chart', 'q-va-chart', 'q-trend-chart']) {
        await page.waitForSelector(`[data-test=${c}] canvas`);
      }
      const trend = await api(`quality/trend?place=${county.code}&grade=${encodeURIComponent(bulletin.subjects[0].grade)}&subject=${encodeURIComponent(bulletin.subjects[0].subject)}`);
      assert.ok(trend.points.length >= 3, 'a point per semester');
      await shot(page, '70-quality-county');
    });

    await t.test('another subject shows its own figures', async () => {
      const second = bulletin.subjects[1];
      await page.locator(`[data-test=q-subject] [data-subject="${second.subject}"]`).click();
      await page.waitForFunction((v) => document.querySelector('[data-test=q-mean]')?.textContent === v, one(second.overall.mean));
    });

    await t.test('the 通报 downloads as an xlsx', async () => {
      const pending = page.waitForEvent('download', { timeout: 60_000 });
      await page.locator('[data-test=q-download]').click();
      const d = await pending;
      const bytes = fs.readFileSync(await d.path());
      assert.match(d.suggestedFilename(), new RegExp(`^${county.name}.*通报\\.xlsx$`));
      assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip (xlsx)');
    });

    await t.test('scores imported through the page: a bad file is refused with its row, the fixed one lands', async () => {
      const schools = (await api('schools')).schools.filter((x) => JUNIOR.has(x.type));
      const code = schools[0].code;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaodu-qimp-'));
      const head = '学校标识码,学籍号,性别,科目,成绩';
      const rows = [`${code},QI001,男,数学,88`, `${code},QI002,女,数学,71.5`, `${code},QI003,男,数学,abc`, `${code},QI004,女,数学,59`];
      const bad = path.join(dir, '七年级数学.csv');
      fs.writeFileSync(bad, [head, ...rows].join('\n') + '\n');
      const before = (await api('quality/tests')).tests.length;

      await page.goto(`${BASE}/#/quality/import`);
      await page.waitForSelector('[data-test=qimp-upload]');
      await page.locator('[data-test=qimp-test]').fill('ui-import-g7');
      await page.locator('[data-test=qimp-name]').fill('界面导入测试（七年级数学）');
      await page.locator('[data-test=qimp-year]').click();
      await page.locator('.el-select-dropdown__item:visible').last().click();
      await page.locator('[data-test=qimp-term]').getByText('第一学期').click();
      await page.locator('[data-test=qimp-grade]').fill('七年级');
      await page.locator('[data-test=qimp-upload] input[type=file]').setInputFiles([bad]);
      await page.locator('[data-test=qimp-start]').click();
      await page.waitForSelector('[data-test=qimp-import-failed], [data-test=qimp-ok]');
      assert.equal(await page.locator('[data-test=qimp-ok]').count(), 0, 'the bad file is not accepted');
      const rowNos = await page.locator('[data-test=error-table] [data-test=error-row]').allInnerTexts();
      assert.ok(rowNos.map((x) => x.trim()).includes('4'), `row 4 (the "abc") among ${JSON.stringify(rowNos)}`);
      const msgs = await page.locator('[data-test=error-table] [data-test=error-message]').allInnerTexts();
      assert.ok(msgs.every((x) => /[\u4e00-\u9fff]/.test(x)), `Chinese messages ${JSON.stringify(msgs)}`);
      assert.equal((await api('quality/tests')).tests.length, before, 'nothing was saved');

      rows[2] = `${code},QI003,男,数学,64`;
      // The clerk corrects the file and drops it again under the same name.
      fs.mkdirSync(path.join(dir, 'fixed'));
      const good = path.join(dir, 'fixed', '七年级数学.csv');
      fs.writeFileSync(good, [head, ...rows].join('\n') + '\n');
      await page.locator('[data-test=qimp-upload] input[type=file]').setInputFiles([good]);
      await page.locator('[data-test=qimp-start]').click();
      await page.waitForSelector('[data-test=qimp-ok]', { timeout: 60_000 });
      assert.equal(await page.locator('[data-test=qimp-schools]').innerText(), '1');
      assert.equal(await page.locator('[data-test=qimp-students]').innerText(), '4');
      await shot(page, '71-quality-import');
      const after = await api('quality/tests');
      const mine = after.tests.find((x) => x.id === 'ui-import-g7');
      assert.ok(mine, 'the test is listed');
      assert.equal(mine.students, 4);
      assert.notEqual(after.latest, 'ui-import-g7', 'an older semester does not become the latest test');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    assert.deepEqual(problems, [], 'no console errors, page errors or 5xx answers');
  } finally {
    await browser.close();
  }
});
