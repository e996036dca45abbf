// Browser test of the 体质健康 (student physical fitness) pages against a
// running `jiaodu serve` with the demo city, whose demo holds fitness data
// for two years (see run.sh).
//
//   BASE_URL=http://127.0.0.1:18080 SHOT_DIR=/tmp/shots node --test fitness.test.mjs
//
// Every figure the pages show is compared with the JSON API it came from.
// Fails on any failed step, any console error or uncaught page error, and
// any API response with status >= 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, SHOTS, openBrowser, api, shot, settle } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BAD_FILE = path.join(HERE, '..', 'fixtures', 'fitness', 'bad-school.csv');

// The page's way of writing a rate and its counts: "52.31%" and "(1,234/2,359)".
const pct = (v) => `${v.toFixed(2)}%`;
const int = (v) => Math.round(v).toLocaleString('en-US');

async function rateOf(locator) {
  return {
    rate: Number(await locator.getAttribute('data-rate')),
    count: Number(await locator.getAttribute('data-count')),
    denom: Number(await locator.getAttribute('data-denom')),
    text: (await locator.innerText()).replace(/\s+/g, ' ').trim(),
  };
}

// The 优良率 card against a summary's total and target.
async function checkCards(page, summary, where) {
  const total = summary.total;
  const eg = await rateOf(page.locator('[data-test=fit-excellent-good]'));
  assert.ok(total.excellent_good != null, `${where}: the API has an 优良率`);
  assert.equal(eg.rate, total.excellent_good, `${where}: 优良率 as the API`);
  assert.equal(eg.count, total.excellent_good_count, `${where}: 优良 count`);
  assert.equal(eg.denom, total.scored, `${where}: scored students`);
  assert.equal(eg.text, `${pct(total.excellent_good)} (${int(total.excellent_good_count)}/${int(total.scored)})`, `${where}: shown as rate (count/scored)`);
  const q = await rateOf(page.locator('[data-test=fit-qualified]'));
  assert.equal(q.text, `${pct(total.qualified)} (${int(total.qualified_count)}/${int(total.scored)})`, `${where}: 合格率`);
  assert.equal((await page.locator('[data-test=fit-roster]').innerText()).trim(), int(total.roster), `${where}: 应测`);
  assert.equal((await page.locator('[data-test=fit-exempt]').innerText()).trim(), int(total.exempt), `${where}: 免测`);
  assert.equal((await page.locator('[data-test=fit-deferred]').innerText()).trim(), int(total.deferred), `${where}: 缓测`);
  const targetText = (await page.locator('[data-test=fit-target-text]').innerText()).trim();
  if (summary.target.needed > 0) {
    assert.equal(targetText, `还差 ${int(summary.target.needed)} 人达到良好及以上`, `${where}: the gap to the target`);
  } else {
    assert.equal(targetText, '已达标', `${where}: target met`);
  }
}

test('体质健康: city → county → school → student, import refusal, English', { timeout: 600_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();

  const meta = await api('fitness/meta');
  const root = (await api('meta')).root;
  let city = null;
  let county = null;
  let school = null;
  let student = null;

  try {
    await t.test('the demo has fitness data for two years', () => {
      assert.ok(Array.isArray(meta.years) && meta.years.length >= 2, `fitness years ${JSON.stringify(meta.years)}`);
      assert.equal(meta.latest_year, Math.max(...meta.years));
      assert.deepEqual(meta.levels.map((l) => l.zh), ['优秀', '良好', '及格', '不及格']);
    });

    await t.test('the menu opens the city page; its 优良率 and counts are those of /api/fitness/summary', async () => {
      await page.goto(`${BASE}/`);
      await page.waitForSelector('[data-test=nav-fitness]');
      await page.locator('[data-test=nav-fitness]').click();
      await page.waitForSelector('[data-test=fit-card-excellent-good]');
      await page.waitForSelector('[data-test=fit-children-table] .child-row');
      await settle(page);
      city = await api(`fitness/summary?area=${root.code}&year=${meta.latest_year}`);
      assert.equal(city.scope, 'city');
      assert.equal(await page.locator('[data-test=fit-scope]').getAttribute('data-scope'), 'city');
      await checkCards(page, city, 'city');
      // The default target is the meta's, and the gap is the API's for it.
      assert.equal(city.target.excellent_good, meta.default_targets.excellent_good);
      // One row per county, in the API's order (ranked by 优良率).
      const rows = page.locator('[data-test=fit-children-table] .el-table__body-wrapper .child-row');
      assert.equal(await rows.count(), city.children.length, 'one row per county');
      assert.ok(city.children.length > 1, 'several counties');
      const first = city.children[0];
      const firstRate = await rateOf(rows.first().locator('[data-test=fit-child-excellent-good]'));
      assert.equal(firstRate.text, `${pct(first.total.excellent_good)} (${int(first.total.excellent_good_count)}/${int(first.total.scored)})`);
      for (const sel of ['fit-grade-chart', 'fit-level-chart', 'fit-trend-chart', 'fit-rank-chart']) {
        assert.ok(await page.locator(`[data-test=${sel}] canvas`).count() > 0, `${sel} drawn`);
      }
      // 历年趋势: one row per year of /api/fitness/trend.
      const trend = await api(`fitness/trend?area=${root.code}`);
      assert.equal(await page.locator('[data-test=fit-trend-table] .el-table__body-wrapper tr').count(), trend.years.length);
      assert.ok(trend.years.length >= 2, 'two years in the trend');
      // 单项指标 for the whole city.
      assert.ok(await page.locator('[data-test=fit-items-table] .el-table__body-wrapper tr').count() > 0, 'item table');
      await shot(page, 'f01-fitness-city');
    });

    await t.test('a changed target changes the gap as the API computes it', async () => {
      await page.locator('[data-test=fit-target-input] input').fill('90');
      await page.locator('[data-test=fit-target-input] input').press('Enter');
      await page.waitForFunction(() => location.hash.includes('target=90'));
      await settle(page);
      const s90 = await api(`fitness/summary?area=${root.code}&year=${meta.latest_year}&target=90`);
      assert.ok(s90.target.needed > 0, 'a 90% target is not met');
      await page.waitForFunction(
        (n) => document.querySelector('[data-test=fit-target-text]')?.getAttribute('data-needed') === String(n),
        s90.target.needed,
      );
      assert.equal((await page.locator('[data-test=fit-target-text]').innerText()).trim(), `还差 ${int(s90.target.needed)} 人达到良好及以上`);
    });

    await t.test('a click on a county opens its page with its own figures', async () => {
      const c = city.children[city.children.length - 1];
      await page.locator(`[data-test=fit-child-${c.code}]`).click();
      await page.waitForFunction((code) => location.hash.includes(`area=${code}`), c.code);
      await page.waitForSelector('[data-test=fit-scope][data-scope=county]');
      await page.waitForSelector('[data-test=fit-children-table] .child-row');
      await settle(page);
      county = await api(`fitness/summary?area=${c.code}&year=${meta.latest_year}&target=90`);
      assert.equal(county.area.code, c.code);
      await checkCards(page, county, `county ${c.name}`);
      assert.equal(county.total.excellent_good, c.total.excellent_good, 'the county page agrees with the city row');
      assert.match(await page.locator('[data-test=fit-title]').innerText(), new RegExp(c.name));
      assert.match(await page.locator('[data-test=breadcrumb]').innerText(), new RegExp(`${city.area.name}.*${c.name}`, 's'));
      assert.equal(await page.locator('[data-test=fit-children]').getAttribute('data-kind'), 'school');
      await shot(page, 'f02-fitness-county');
    });

    await t.test('a click on a school opens the school with its students', async () => {
      const s = county.children.find((x) => x.total.scored > 0) || county.children[0];
      await page.locator(`[data-test=fit-child-${s.code}]`).click();
      await page.waitForSelector('[data-test=fit-scope][data-scope=school]');
      await page.waitForSelector('[data-test=fit-students-table] .student-row');
      await settle(page);
      school = await api(`fitness/summary?area=${s.code}&year=${meta.latest_year}&target=90`);
      await checkCards(page, school, `school ${s.name}`);
      const crumbs = await page.locator('[data-test=breadcrumb]').innerText();
      assert.match(crumbs, new RegExp(`${county.area.name}.*${s.name}`, 's'), 'city › county › school');
      assert.equal(await page.locator('[data-test=fit-children]').getAttribute('data-kind'), 'class');
      assert.equal(await page.locator('[data-test=fit-cards-pdf]').count(), 1, '登记卡 PDF button on a school');
      const list = await api(`fitness/schools/${s.code}/students?year=${meta.latest_year}`);
      assert.ok(list.students.length > 0, 'the school has students');
      assert.match(await page.locator('[data-test=fit-students-count]').innerText(), new RegExp(`${int(list.students.length)}\\D+${int(list.students.length)}`));
      // A class in the ranking filters the list to it.
      const cls = school.children[0];
      await page.locator(`[data-test=fit-child-${cls.code}]`).click();
      await page.waitForTimeout(300);
      const inClass = list.students.filter((x) => x.class.code === cls.code && x.grade === cls.grade);
      assert.ok(inClass.length > 0, `class ${cls.name} has students`);
      assert.match(await page.locator('[data-test=fit-students-count]').innerText(), new RegExp(`^${int(inClass.length)}\\D`), `class ${cls.name}: ${inClass.length} students`);
      // Search by 学籍号 within the class: one of its tested students.
      student = inClass.find((x) => x.status === 'tested' && x.total != null);
      assert.ok(student, 'a tested student');
      await page.locator('[data-test=fit-students-search] input').fill(student.student_id);
      await page.waitForTimeout(300);
      const rows = page.locator('[data-test=fit-students-table] .el-table__body-wrapper .student-row');
      assert.ok(await rows.count() >= 1, 'the searched student is listed');
      assert.equal((await rows.first().locator('[data-test=fit-student-link]').innerText()).trim(), student.student_id);
      assert.equal((await rows.first().locator('[data-test=fit-student-total]').innerText()).trim(), student.total.toFixed(2));
      await shot(page, 'f03-fitness-school');
    });

    await t.test('the student page of that 学籍号 shows the student\'s 学年总分', async () => {
      const rows = page.locator('[data-test=fit-students-table] .el-table__body-wrapper .student-row');
      await rows.first().locator('[data-test=fit-student-link]').click();
      await page.waitForSelector('[data-test=page-fitness-student] [data-test=fit-student-chart] canvas');
      await settle(page);
      assert.match(page.url(), new RegExp(`#/fitness/student/${encodeURIComponent(student.student_id)}`));
      const rec = await api(`fitness/students/${encodeURIComponent(student.student_id)}`);
      assert.equal((await page.locator('[data-test=fit-student-name]').innerText()).trim(), student.name);
      const card = page.locator(`[data-test=fit-record-${meta.latest_year}]`);
      assert.equal((await card.locator('[data-test=fit-record-total]').innerText()).trim(), student.total.toFixed(2), 'the total of the list');
      const r = rec.records.find((x) => x.year.start === meta.latest_year);
      assert.equal(r.total, student.total, 'the API agrees with the list');
      assert.equal(await page.locator('[data-test^=fit-record-2]').count(), rec.records.length, 'a card per stored year');
      assert.equal(await card.locator('.el-table__body-wrapper tr').count(), r.items.length, 'a row per item');
      assert.match(await page.locator('[data-test=breadcrumb]').innerText(), new RegExp(school.area.name));
      await shot(page, 'f04-fitness-student');
    });

    await t.test('the 学籍号 search box on the overview finds the student', async () => {
      await page.goto(`${BASE}/#/fitness`);
      await page.waitForSelector('[data-test=fit-card-excellent-good]');
      await page.locator('[data-test=fit-student-search-input] input').fill(student.student_id);
      await page.locator('[data-test=fit-student-search-input] input').press('Enter');
      await page.waitForSelector(`[data-test=fit-record-${meta.latest_year}] [data-test=fit-record-total]`);
      assert.equal((await page.locator('[data-test=fit-student-name]').innerText()).trim(), student.name);
    });

    await t.test('a bad file is refused with rows and columns in Chinese, and nothing is saved', async () => {
      const before = await api('imports');
      const summaryBefore = await api(`fitness/summary?area=${school.area.code}&year=${meta.latest_year}`);
      await page.goto(`${BASE}/#/fitness/import?year=${meta.latest_year}&school=${school.area.code}`);
      await page.waitForSelector('[data-test=fit-upload]');
      await page.locator('[data-test=fit-upload] input[type=file]').setInputFiles([BAD_FILE]);
      await page.locator('[data-test=fit-start-import]').click();
      await page.waitForSelector('[data-test=fit-import-failed], [data-test=fit-import-ok]');
      assert.equal(await page.locator('[data-test=fit-import-ok]').count(), 0, 'the bad file is not accepted');
      assert.match(await page.locator('[data-test=fit-import-failed]').innerText(), /本次导入未保存任何数据/);
      const rows = page.locator('[data-test=error-table] .el-table__body-wrapper tr');
      assert.ok(await rows.count() > 0, 'errors listed');
      const rowNos = await page.locator('[data-test=error-table] [data-test=error-row]').allInnerTexts();
      const cols = await page.locator('[data-test=error-table] [data-test=error-column]').allInnerTexts();
      const msgs = await page.locator('[data-test=error-table] [data-test=error-message]').allInnerTexts();
      assert.ok(rowNos.some((x) => /^\d+$/.test(x.trim())), `a row number among ${JSON.stringify(rowNos)}`);
      assert.ok(cols.some((x) => /[\u4e00-\u9fff]/.test(x) || /^[A-Z]+$/.test(x.trim())), `a column among ${JSON.stringify(cols)}`);
      assert.ok(msgs.every((x) => /[\u4e00-\u9fff]/.test(x)), `Chinese messages ${JSON.stringify(msgs)}`);
      assert.equal(await page.locator('[data-test=fit-errors-xlsx]').count(), 1, 'errors.xlsx link');
      await shot(page, 'f05-fitness-import-failed');
      const after = await api('imports');
      assert.equal(after.imports.length, before.imports.length, 'the import list is unchanged');
      const summaryAfter = await api(`fitness/summary?area=${school.area.code}&year=${meta.latest_year}`);
      assert.deepEqual(summaryAfter.total, summaryBefore.total, 'the school\'s figures are unchanged');
    });

    await t.test('switching to English changes the labels', async () => {
      await page.goto(`${BASE}/#/fitness?area=${county.area.code}&year=${meta.latest_year}`);
      await page.waitForSelector('[data-test=fit-card-excellent-good]');
      await page.locator('[data-test=lang-toggle]').click();
      await page.waitForTimeout(300);
      assert.equal((await page.locator('[data-test=nav-fitness]').innerText()).trim(), 'Physical fitness');
      assert.match(await page.locator('[data-test=fit-title]').innerText(), /Student physical fitness/);
      assert.match(await page.locator('[data-test=fit-card-excellent-good]').innerText(), /Good or better/);
      assert.match(await page.locator('[data-test=fit-export-xlsx]').innerText(), /Export Excel/);
      await shot(page, 'f06-fitness-en');
      await page.locator('[data-test=lang-toggle]').click();
      await page.waitForTimeout(200);
      assert.equal((await page.locator('[data-test=nav-fitness]').innerText()).trim(), '体质健康');
      assert.match(await page.locator('[data-test=fit-card-excellent-good]').innerText(), /优良率/);
    });

    await t.test('导出 Excel runs as a job with progress and downloads the workbook', async () => {
      // On the county page: a background job (POST /api/fitness/exports),
      // its progress under the buttons, then the file of /api/jobs/{id}/file.
      const posted = page.waitForResponse((r) => r.url().includes('/api/fitness/exports') && r.request().method() === 'POST');
      const progress = page.waitForSelector('[data-test=fit-export-progress]', { timeout: 60_000 });
      const downloaded = page.waitForEvent('download', { timeout: 300_000 });
      await page.locator('[data-test=fit-export-xlsx]').click();
      const res = await posted;
      assert.equal(res.status(), 202, 'the export is accepted as a job');
      const { job } = await res.json();
      await progress;
      assert.match(await page.locator('[data-test=fit-export-progress]').innerText(), new RegExp(`正在导出${county.area.name}`), 'the progress names the place');
      const download = await downloaded;
      const status = await api(`jobs/${job}`);
      assert.equal(status.kind, 'export');
      assert.equal(status.state, 'done');
      const expected = `${county.area.name}${county.year.label}学生体质健康测试结果.xlsx`;
      assert.equal(status.file.name, expected, 'the job names the file');
      assert.equal(download.suggestedFilename(), expected, 'saved under its Chinese name');
      const file = path.join(SHOTS, 'fitness-export.xlsx');
      await download.saveAs(file);
      const buf = fs.readFileSync(file);
      assert.equal(buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'xlsx is a zip');
      assert.equal(buf.length, status.file.size, 'the whole file');
      assert.ok(buf.length > 100_000, `a county's workbook is not trivial (${buf.length} bytes)`);
      // The five sheets' parts are in the package (zip names are stored plainly).
      for (let k = 1; k <= 5; k += 1) assert.ok(buf.includes(`xl/worksheets/sheet${k}.xml`), `sheet${k}`);
      await page.waitForSelector('[data-test=fit-export-progress]', { state: 'detached' });
      assert.match(await page.locator('.el-message--success').innerText(), /已导出/);
      console.log(`# export ${download.suggestedFilename()} ${buf.length} bytes`);
    });

    await t.test('without area and year the API answers for the city and the latest year', async () => {
      const s = await api('fitness/summary');
      assert.equal(s.area.code, root.code);
      assert.equal(s.year.start, meta.latest_year);
      assert.deepEqual(s.total, city.total);
      const tr = await api('fitness/trend');
      assert.equal(tr.area.code, root.code);
    });

    await t.test('no console errors, page errors or 5xx answers', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await browser.close();
  }
});
