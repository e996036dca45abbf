// Browser test of the 交流轮岗 page against a running `jiaodu serve` with
// the demo city (see run.sh):
//
//   BASE_URL=http://127.0.0.1:18080 SHOT_DIR=/tmp/shots node --test rotation.test.mjs
//
// The county template downloads; a workbook with mistakes lists them and
// starts nothing; the committed small county (tests/fixtures/rotation)
// is solved as a job with progress, and the page shows the API's plan; a
// forbidden teacher is gone from the plan after 重新求解; the export
// downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, openBrowser, api, shot, settle } from './harness.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'rotation');

async function download(page, selector) {
  const pending = page.waitForEvent('download', { timeout: 60_000 });
  await page.locator(selector).click();
  const d = await pending;
  const file = await d.path();
  const fs = await import('node:fs');
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

test('交流轮岗: template → upload → job → plan → forbid and re-solve → export', { timeout: 300_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();
  try {
    let county;
    await t.test('the menu opens the page with the first county chosen', async () => {
      await page.goto(`${BASE}/#/`);
      await page.locator('[data-test=nav-rotation]').click();
      await page.waitForSelector('[data-test=rot-template]');
      const areas = (await api('areas')).areas.filter((a) => a.level === 'county');
      county = areas[0];
      assert.match(await page.locator('[data-test=rot-county]').innerText(), new RegExp(county.name));
    });

    await t.test('the county template downloads as an xlsx', async () => {
      const d = await download(page, '[data-test=rot-template]');
      assert.equal(d.name, '教师交流轮岗测算模板.xlsx');
      assert.equal(d.bytes.subarray(0, 2).toString(), 'PK', 'a zip (xlsx)');
    });

    await t.test('a workbook with mistakes lists each with its place and starts no job', async () => {
      await page.locator('[data-test=rot-file]').setInputFiles(path.join(FIXTURES, 'errors-rows.xlsx'));
      await page.locator('[data-test=rot-upload]').click();
      await page.waitForSelector('[data-test=rot-file-errors]');
      const ids = await page.locator('[data-test=rot-file-error]').evaluateAll((els) => els.map((e) => e.dataset.id));
      assert.equal(ids.length, 15, 'every mistake of the fixture');
      assert.ok(ids.includes('rotation_table.unknown_school'));
      assert.match(await page.locator('[data-test=rot-file-errors]').innerText(), /学校，第 3 行，D \(城乡\)/);
      assert.equal(await page.locator('[data-test=rot-progress]').count(), 0);
      // The refused upload's 400 is the answer this step expects, not a problem.
      const refused = problems.findIndex((p) => p.includes('status of 400'));
      assert.ok(refused >= 0, 'the upload was answered 400');
      problems.splice(refused, 1);
    });

    let plan;
    await t.test('the small county is solved as a job and the page shows the API plan', async () => {
      await page.locator('[data-test=rot-file]').setInputFiles(path.join(FIXTURES, 'county-small.xlsx'));
      await page.locator('[data-test=rot-upload]').click();
      await page.waitForSelector('[data-test=rot-status][data-status=optimal]', { timeout: 120_000 });
      plan = await api(`rotation/${county.code}/plan`);
      assert.equal(plan.status, 'optimal');
      assert.ok(plan.moves.length > 0);
      assert.equal(Number(await page.locator('[data-test=rot-moves-n]').innerText()), plan.quota.moved);
      assert.equal(await page.locator('[data-test=rot-quota]').getAttribute('data-met'), String(plan.quota.met));
      const names = await page.locator('tr.el-table__row [data-test=rot-move-teacher]').allInnerTexts();
      assert.deepEqual(names, plan.moves.map((m) => m.name), 'the moves of the API, in order');
      await page.locator('.el-tabs__item', { hasText: '差异系数对比' }).click();
      await page.waitForSelector('[data-test=rot-cv-chart] canvas');
      await settle(page);
      await shot(page, '60-rotation-plan');
      await page.locator('.el-tabs__item', { hasText: '调动名单' }).click();
    });

    await t.test('a forbidden teacher is not moved after 重新求解', async () => {
      const first = plan.moves[0];
      await page.locator('tr.el-table__row [data-test=rot-forbid]').first().click();
      assert.match(await page.locator('[data-test=rot-decisions]').innerText(), /禁止 1 人/);
      await page.locator('[data-test=rot-resolve]').click();
      // The re-solve is done when the county's plan carries the decision.
      let again;
      for (let i = 0; i < 240; i++) {
        again = await api(`rotation/${county.code}/plan`);
        if (again.decisions.forbids.some((f) => f.teacher === first.teacher)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.deepEqual(again.decisions.forbids, [{ teacher: first.teacher, school: '' }]);
      assert.equal(again.status, 'optimal');
      assert.ok(!again.moves.some((m) => m.teacher === first.teacher), 'the forbidden teacher stays');
      await page.waitForFunction(([n, name]) => {
        const shown = [...document.querySelectorAll('tr.el-table__row [data-test=rot-move-teacher]')];
        return shown.length === n && !shown.some((e) => e.textContent === name);
      }, [again.moves.length, first.name]);
      const names = await page.locator('tr.el-table__row [data-test=rot-move-teacher]').allInnerTexts();
      assert.ok(!names.includes(first.name), 'the page shows the new plan');
    });

    await t.test('the plan exports as a workbook', async () => {
      const d = await download(page, '[data-test=rot-export]');
      assert.match(d.name, /教师交流轮岗方案\.xlsx$/);
      assert.equal(d.bytes.subarray(0, 2).toString(), 'PK');
    });

    assert.deepEqual(problems, [], 'no console errors, page errors or 5xx answers');
  } finally {
    await browser.close();
  }
});
