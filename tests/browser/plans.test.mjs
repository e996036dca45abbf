// Browser test of the 规划指标 (plan indicator tracking) pages against a
// running `jiaodu serve` with the demo city, whose demo stores the
// 示范市“十四五” plan (see run.sh).
//
//   BASE_URL=http://127.0.0.1:18080 SHOT_DIR=/tmp/shots node --test plans.test.mjs
//
// The counts, values and statuses the pages show are compared with the JSON
// API; a hand-reported value is refused without evidence (nothing stored)
// and, with evidence, changes the indicator's status on the page as the
// server computes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, api, shot, settle } from './harness.mjs';

const PLAN = 'demo-city-14th';
const STATUSES = ['met', 'on_track', 'behind', 'far_behind', 'no_data'];

const rowOf = (page, id) => page.locator('tr.el-table__row', { has: page.locator(`[data-test=plan-gap-${id}]`) });

test('规划指标: plan list → tracking table → county split → a reported value with evidence', { timeout: 240_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();
  try {
    const list = await api('plans');
    const listed = list.find((p) => p.id === PLAN);
    assert.ok(listed, 'the demo stores its plan');

    await t.test('the menu opens the plan list with the status counts of the API', async () => {
      await page.goto(`${BASE}/#/`);
      await page.locator('[data-test=nav-plans]').click();
      await page.waitForSelector(`[data-test=plan-card-${PLAN}]`);
      const card = page.locator(`[data-test=plan-card-${PLAN}]`);
      const text = await card.innerText();
      assert.match(text, /示范市“十四五”教育事业发展规划/);
      assert.match(text, new RegExp(`${listed.indicators} 项指标`));
      for (const s of STATUSES) {
        if (!listed.counts[s]) continue;
        const tag = card.locator(`.count-item:has([data-status=${s}]) .num`);
        assert.equal(Number(await tag.innerText()), listed.counts[s], `count of ${s}`);
      }
      assert.ok(!page.url().includes('year='), 'no school-data year carried to the plan pages');
      assert.equal(await page.locator('[data-test=year-select]').count(), 0, 'the school-data year selector is hidden');
      await shot(page, '40-plans');
    });

    let report;
    await t.test('the plan page shows every indicator with the API figures', async () => {
      await page.locator(`[data-test=plan-card-${PLAN}]`).click();
      await page.waitForSelector('[data-test=plan-summary]');
      report = await api(`plans/${PLAN}?year=${listed.year}`);
      assert.match(page.url(), new RegExp(`year=${listed.year}`));
      for (const s of STATUSES) {
        const n = Number(await page.locator(`[data-test=plan-count-${s}] .summary-n`).innerText());
        assert.equal(n, report.counts[s] || 0, `summary ${s}`);
      }
      assert.equal(await page.locator('[data-test^=plan-gap-]').count(), report.indicators.length, 'one row per indicator');
      for (const ind of report.indicators) {
        const want = ind.area_track.latest?.status || 'no_data';
        const got = await rowOf(page, ind.id).locator('[data-test=plan-status]').getAttribute('data-status');
        assert.equal(got, want, `${ind.name.zh}: status as the API`);
      }
      // A computed ratio shows its value with the API's decimals.
      const fit = report.indicators.find((i) => i.id === 'fitness_top2_rate');
      const cell = fit.area_track.cells.find((c) => c.year === report.year);
      assert.equal(cell.origin, 'data', '优良率 is computed from the fitness data');
      assert.match(await rowOf(page, fit.id).innerText(), new RegExp(`${cell.value.toFixed(fit.decimals).replace('.', '\\.')}%`));
      await shot(page, '41-plan');
    });

    await t.test('the page exports the shown year as Excel and PDF', async () => {
      for (const [ext, magic] of [['xlsx', 'PK'], ['pdf', '%PDF-']]) {
        const link = page.locator(`[data-test=plan-export-${ext}]`);
        const href = await link.getAttribute('href');
        assert.ok(href, `${ext} button has a link`);
        assert.match(href, new RegExp(`report\\.${ext}\\?year=${report.year}$`), `${ext}: the shown year`);
        const res = await page.request.get(new URL(href, page.url()).toString());
        assert.equal(res.status(), 200, `${ext} download`);
        assert.match(res.headers()['content-disposition'] || '', /filename\*=UTF-8''/, `${ext}: Chinese file name`);
        const body = await res.body();
        assert.equal(body.subarray(0, magic.length).toString('latin1'), magic, `${ext} magic bytes`);
        assert.ok(body.length > 2000, `${ext} is ${body.length} bytes`);
      }
    });

    await t.test('a county-split indicator opens its chart and the counties holding it back', async () => {
      const ind = report.indicators.find((i) => i.by_county && i.counties.length);
      assert.ok(ind, 'the demo plan splits an indicator by county');
      await rowOf(page, ind.id).locator('.el-table__expand-icon').click();
      const detail = page.locator(`[data-test=plan-detail-${ind.id}]`);
      await detail.waitFor();
      await detail.locator('[data-test=plan-chart] canvas').first().waitFor();
      const rows = detail.locator(`[data-test=plan-counties-${ind.id}] .el-table__body tr`);
      assert.equal(await rows.count(), ind.counties.length, 'one row per county');
      for (const c of ind.counties) assert.match(await detail.innerText(), new RegExp(c.name));
      if (ind.holding_back.length) {
        const names = ind.holding_back.map((code) => ind.counties.find((c) => c.area === code).name);
        assert.match(await detail.locator(`[data-test=plan-holding-${ind.id}]`).innerText(), new RegExp(names[0]));
      }
      await shot(page, '42-plan-counties');
    });

    await t.test('a reported value needs evidence; with it, the status follows', async () => {
      const ind = report.indicators.find((i) => i.source === 'manual' && ['met', 'on_track'].includes(i.area_track.latest?.status));
      assert.ok(ind, 'a hand-reported indicator that is on track');
      const before = ind.area_track.latest.status;
      await page.locator(`[data-test=plan-enter-${ind.id}]`).click();
      const dialog = page.locator('[data-test=plan-value-dialog]');
      await dialog.waitFor();
      // The baseline value is behind any path that rises from it.
      const low = ind.higher_better ? ind.baseline.value : ind.baseline.value * 2;
      await dialog.locator('[data-test=plan-value-input]').fill(String(low));
      await dialog.locator('[data-test=plan-value-user]').fill('浏览器测试');
      await dialog.locator('[data-test=plan-value-save]').click();
      await dialog.locator('.el-alert').waitFor();
      assert.match(await dialog.locator('.el-alert').innerText(), /佐证/, 'refused without evidence, in Chinese');
      // Chromium logs the refusal (400) as a console error: expected here, once.
      const refused = problems.findIndex((p) => /status of 400/.test(p));
      assert.ok(refused >= 0, 'the refusal was a 400');
      problems.splice(refused, 1);
      const unchanged = await api(`plans/${PLAN}?year=${report.year}`);
      assert.equal(unchanged.indicators.find((i) => i.id === ind.id).area_track.latest.status, before, 'nothing stored');

      await dialog.locator('[data-test=plan-value-evidence]').fill('示教督〔2025〕1号 数字校园评估结果通报');
      await dialog.locator('[data-test=plan-value-save]').click();
      await dialog.waitFor({ state: 'hidden' });
      const after = await api(`plans/${PLAN}?year=${report.year}`);
      const now = after.indicators.find((i) => i.id === ind.id);
      const cell = now.area_track.cells.find((c) => c.year === report.year);
      assert.equal(cell.origin, 'manual');
      assert.equal(cell.value, low);
      assert.equal(cell.evidence, '示教督〔2025〕1号 数字校园评估结果通报');
      assert.notEqual(now.area_track.latest.status, before, 'the status moved');
      await page.waitForFunction(
        ([id, want]) => {
          const rows = [...document.querySelectorAll('tr.el-table__row')];
          const row = rows.find((r) => r.querySelector(`[data-test=plan-gap-${id}]`));
          return row && row.querySelector('[data-test=plan-status]').dataset.status === want;
        },
        [ind.id, now.area_track.latest.status],
      );
      const n = Number(await page.locator(`[data-test=plan-count-${now.area_track.latest.status}] .summary-n`).innerText());
      assert.equal(n, after.counts[now.area_track.latest.status], 'the summary follows');
      await shot(page, '43-plan-entered');
    });

    await t.test('another report year reloads the figures of that year', async () => {
      const year = report.years[report.years.length - 3];
      await page.locator(`[data-test=plan-year-${year}]`).click();
      await page.waitForURL(new RegExp(`year=${year}`));
      await settle(page);
      const other = await api(`plans/${PLAN}?year=${year}`);
      for (const s of STATUSES) {
        const n = Number(await page.locator(`[data-test=plan-count-${s}] .summary-n`).innerText());
        assert.equal(n, other.counts[s] || 0, `${year} summary ${s}`);
      }
    });

    assert.deepEqual(problems, [], 'no console errors, page errors or 5xx answers');
  } finally {
    await browser.close();
  }
});
