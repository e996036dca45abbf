// End-to-end walk through the jiaodu web UI, as a bureau officer would use it,
// against a running `jiaodu serve` with the demo city (see run.sh).
//
//   BASE_URL=http://127.0.0.1:18080 SHOT_DIR=/tmp/shots node --test ui.test.mjs
//
// Fails on any failed step, any console error or uncaught page error, and any
// API response with status >= 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
const SHOTS = process.env.SHOT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'jiaodu-ui-shots-'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(SHOTS, { recursive: true });

const problems = [];

async function shot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`# screenshot ${file}`);
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // charts draw on the next frame
}

test('a bureau officer walks through the UI', { timeout: 240_000 }, async (t) => {
  // playwright-core launches Chromium with a fresh temporary profile
  // (--user-data-dir) of its own; the context below is new as well.
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

  try {
    await t.test('overview shows the 6 counties and the CV chart', async () => {
      await page.goto(`${BASE}/`);
      await page.waitForSelector('[data-test=county-table] .county-row');
      await settle(page);
      assert.match(page.url(), /year=\d{4}/, 'the selected year is kept in the URL');
      assert.equal(await page.locator('[data-test=county-table] .county-row').count(), 6);
      assert.equal((await page.locator('[data-test=kpi-counties] .kpi-value').innerText()).trim(), '6');
      for (const name of ['城关区', '东湖区', '石门县']) {
        assert.equal(await page.locator('[data-test=county-table] .county-row', { hasText: name }).count(), 1, name);
      }
      assert.equal(await page.locator('[data-test=city-cv-chart] canvas').count() > 0, true, 'chart canvas');
      assert.equal(await page.locator('[data-test=export-city]').count(), 1);
      await shot(page, '01-overview');
    });

    await t.test('东湖区 fails: its 小学 L5 差异系数 is over 0.50', async () => {
      await page.locator('[data-test=county-table] .county-row', { hasText: '东湖区' }).locator('a').first().click();
      await page.waitForSelector('[data-test=county-banner]');
      await page.waitForSelector('[data-test=stage-primary] [data-test=school-table] .school-row');
      await settle(page);
      assert.match(page.url(), /#\/county\/\d+/);
      assert.equal((await page.locator('[data-test=county-name]').innerText()).trim(), '东湖区');
      assert.equal(await page.locator('[data-test=county-verdict]').getAttribute('data-verdict'), 'fail', '东湖区 fails');
      const l5 = page.locator('[data-test=stage-primary] [data-test=cv-table] .cv-row-L5');
      assert.match(await l5.getAttribute('class'), /verdict-fail/, 'L5 CV row is failing');
      const cvText = await l5.locator('td').nth(4).innerText();
      assert.ok(Number(cvText.replace(/[^\d.]/g, '')) > 0.5, `L5 CV ${cvText} > 0.50`);
      assert.match(await page.locator('[data-test=county-reasons]').innerText(), /L5/);
      assert.ok(await page.locator('[data-test=stage-primary] [data-test=county-cv-chart] canvas').count() > 0, 'CV chart');
      assert.ok(await page.locator('[data-test=plan-panel] [data-test=plan-total]').count() > 0, '达标所需 totals');
      await shot(page, '02-county');
    });

    await t.test('只看未达标 leaves only failing schools', async () => {
      const rows = page.locator('[data-test=stage-primary] [data-test=school-table] .el-table__body-wrapper .school-row');
      const before = await rows.count();
      await page.locator('[data-test=stage-primary] [data-test=only-failing]').click();
      await page.waitForTimeout(300);
      const after = await rows.count();
      assert.ok(after > 0 && after < before, `failing ${after} of ${before}`);
      const classes = await rows.evaluateAll((els) => els.map((e) => e.className));
      assert.ok(classes.every((c) => c.includes('verdict-fail')), 'every row shown is failing');
    });

    let schoolName = '';
    await t.test('a failing school shows its indicators and 达标所需', async () => {
      const first = page.locator('[data-test=stage-primary] [data-test=school-table] .el-table__body-wrapper .school-row.verdict-fail').first();
      const link = first.locator('a').first();
      schoolName = (await link.innerText()).trim();
      await link.click();
      await page.waitForSelector('[data-test=page-school] [data-test=section-primary]');
      await settle(page);
      assert.match(page.url(), /#\/school\/\d+/);
      assert.equal((await page.locator('[data-test=school-name]').innerText()).trim(), schoolName);
      assert.equal(await page.locator('[data-test=indicator-table-primary] .ind-row').count(), 7);
      assert.equal(await page.locator('[data-test=section-verdict-primary]').getAttribute('data-verdict'), 'fail');
      assert.ok(await page.locator('[data-test=remedy-primary] [data-test=remedy-item]').count() > 0, '达标所需 list');
      assert.ok(await page.locator('[data-test=school-chart-primary] canvas').count() > 0, 'school chart');
      assert.match(await page.locator('[data-test=breadcrumb]').innerText(), /东湖区/);
      await shot(page, '03-school');
    });

    await t.test('导出本县结果 downloads an xlsx', async () => {
      await page.goBack();
      await page.waitForSelector('[data-test=county-banner]');
      await settle(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test=export-county]').click(),
      ]);
      const file = path.join(SHOTS, 'county-export.xlsx');
      await download.saveAs(file);
      const buf = fs.readFileSync(file);
      assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK', 'xlsx is a zip');
      assert.ok(buf.length > 10 * 1024, `size ${buf.length} > 10 KB`);
      console.log(`# export ${download.suggestedFilename()} ${buf.length} bytes`);
    });

    await t.test('switching to English shows English labels', async () => {
      await page.locator('[data-test=lang-toggle]').click();
      await page.waitForTimeout(300);
      assert.equal((await page.locator('[data-test=export-county]').innerText()).trim(), 'Export county results');
      assert.equal((await page.locator('[data-test=nav-overview]').innerText()).trim(), 'City overview');
      assert.match(await page.locator('[data-test=tab-stage-primary]').innerText(), /Primary/);
      assert.match(await page.locator('[data-test=county-reasons]').innerText(), /Primary|CV|school/i);
      await shot(page, '04-county-en');
      await page.locator('[data-test=lang-toggle]').click();
      await page.waitForTimeout(200);
      assert.equal((await page.locator('[data-test=nav-overview]').innerText()).trim(), '全市总览');
    });

    await t.test('the other pages open cleanly', async () => {
      const year = new URL(page.url().replace('#/', '')).searchParams.get('year') || '';
      const q = year ? `?year=${year}` : '';
      const visits = [
        ['05-county-items', `/#/county/990105${q}${q ? '&' : '?'}tab=items`, '[data-test=items] [data-test=part-government]'],
        ['06-county-vetoes', `/#/county/990103${q}${q ? '&' : '?'}tab=vetoes`, '[data-test=veto-table] .el-table__row'],
        ['07-county-data', `/#/county/990103${q}${q ? '&' : '?'}tab=data`, '[data-test=county-data-table] .el-table__row'],
        ['08-import', `/#/import${q}`, '[data-test=upload]'],
        ['09-imports', `/#/imports${q}`, '[data-test=imports-table] .el-table__row'],
        ['10-standard', `/#/standard${q}`, '[data-test=standard-decisions] .el-table__row'],
      ];
      for (const [name, url, sel] of visits) {
        await page.goto(`${BASE}${url}`);
        await page.waitForSelector(sel);
        await settle(page);
        await shot(page, name);
      }
      assert.match(await page.locator('[data-test=standard-document]').innerText(), /教督〔2017〕6号/);
    });

    // ---- another standard: the 2012 monitoring judges the composite CV ----
    const pickOption = async (select, text) => {
      await page.locator(select).click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
    };

    await t.test('under 义务教育基本均衡监测（2012） 石门县 fails its 小学 composite in 2024', async () => {
      await page.goto(`${BASE}/#/?year=2024`);
      await page.waitForSelector('[data-test=county-table] .county-row');
      await pickOption('[data-test=standard-select]', '义务教育基本均衡监测（2012）');
      await page.waitForFunction(() => location.hash.includes('standard=cn-jbjh-2012'));
      await page.waitForSelector('[data-test=county-table] .county-row [data-test=composite-primary]');
      await settle(page);
      assert.equal(await page.locator('[data-test=county-table] .county-row').count(), 6);
      assert.ok(await page.locator('[data-test=ov-no-school-rule]').count() > 0, '不设单校要求 note');
      assert.match(await page.locator('[data-test=county-table] .county-row', { hasText: '石门县' }).innerText(), /—\/\d+/, 'school counts shown as —/n');
      const shimenComposite = page.locator('[data-test=county-table] .county-row', { hasText: '石门县' }).locator('[data-test=composite-primary]');
      assert.equal(await shimenComposite.getAttribute('data-verdict'), 'fail');
      assert.ok(await page.locator('[data-test=city-cv-chart] canvas').count() > 0, 'composite chart');
      await shot(page, '15-overview-2012');

      await page.locator('[data-test=county-table] .county-row', { hasText: '石门县' }).locator('a').first().click();
      await page.waitForSelector('[data-test=stage-primary] [data-test=composite-box]');
      await settle(page);
      assert.match(page.url(), /standard=cn-jbjh-2012/, 'the standard stays in the URL');
      assert.equal((await page.locator('[data-test=county-name]').innerText()).trim(), '石门县');
      const box = page.locator('[data-test=stage-primary] [data-test=composite-box]');
      const composite = Number((await box.locator('[data-test=composite-cv]').innerText()).replace(/[^\d.]/g, ''));
      assert.ok(composite > 0.65, `小学 composite ${composite} > 0.65`);
      assert.match(await box.locator('[data-test=composite-limit]').innerText(), /≤\s*0\.65/);
      const verdict = box.locator('[data-test=composite-verdict]');
      assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
      assert.equal((await verdict.innerText()).trim(), '未达标');
      assert.match(await page.locator('[data-test=stage-primary] [data-test=composite-remedy]').innerText(),
        /将各项超过 \d+\.\d{3} 的差异系数降至该值/);
      assert.equal(await page.locator('[data-test=stage-primary] [data-test=no-school-rule]').count(), 1, '不设单校达标要求 note');
      assert.equal(await page.locator('[data-test=stage-primary] [data-test=only-failing]').count(), 0, 'no 结论 filter');
      assert.equal(await page.locator('[data-test=stage-primary] [data-test=school-table] .cell-light').count(), 0, 'no traffic lights');
      assert.equal(await page.locator('[data-test=tab-items]').count(), 0, 'no 评估事项 tab');
      assert.equal(await page.locator('[data-test=tab-vetoes]').count(), 0, 'no 一票否决 tab');
      assert.equal(await page.locator('[data-test=export-county-pdf]').count(), 1, 'PDF button');
      await shot(page, '16-county-2012');

      await page.locator('[data-test=tab-trend]').click();
      await page.waitForSelector('[data-test=trend-table-primary] .el-table__body-wrapper .trend-row');
      await settle(page);
      const rows = page.locator('[data-test=trend-table-primary] .el-table__body-wrapper .trend-row');
      assert.equal(await rows.count(), 2, 'two years listed');
      for (const text of await rows.locator('[data-test=trend-composite]').allInnerTexts()) {
        assert.match(text.trim(), /^\d\.\d{3}$/, `composite ${text}`);
      }
      assert.equal(await rows.filter({ hasText: '2024-2025' }).locator('[data-test=trend-composite]').getAttribute('data-verdict'), 'fail');
      assert.ok(await page.locator('[data-test=trend-chart-primary] canvas').count() > 0, 'trend chart');
      await shot(page, '17-county-trend-2012');
    });

    await t.test('导出PDF自评报告附表 downloads a PDF when the server offers it', async () => {
      const url = `${BASE}/api/export/county/990107.pdf?year=2024&standard=cn-jbjh-2012`;
      const res = await page.request.get(url);
      const body = res.ok() ? await res.body() : Buffer.alloc(0);
      if (res.status() !== 200 || body.subarray(0, 4).toString('latin1') !== '%PDF') {
        console.log(`# PDF export not available yet (GET ${url} → ${res.status()}); download not tested`);
        return;
      }
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test=export-county-pdf]').click(),
      ]);
      const file = path.join(SHOTS, 'county-annex.pdf');
      await download.saveAs(file);
      const buf = fs.readFileSync(file);
      assert.equal(buf.subarray(0, 4).toString('latin1'), '%PDF', 'the download is a PDF');
      console.log(`# PDF ${download.suggestedFilename()} ${buf.length} bytes`);
    });

    await t.test('评估标准 lists the variant with its differences from the parent', async () => {
      await page.locator('[data-test=nav-standard]').click();
      await page.waitForSelector('[data-test=standard-list] [data-test=std-item-example-province-yzjh-2017]');
      await page.waitForSelector('[data-test=composite-rule]');
      assert.match(await page.locator('[data-test=standard-document]').innerText(), /教督〔2012〕3号/, 'the header standard is shown');
      assert.match(await page.locator('[data-test=composite-rule]').innerText(), /0\.65/);
      const item = page.locator('[data-test=std-item-example-province-yzjh-2017]');
      assert.match(await item.innerText(), /变体/);
      await item.click();
      await page.waitForSelector('[data-test=variant-changes] .el-table__row');
      await settle(page);
      const g7 = page.locator('[data-test=variant-changes] .el-table__body-wrapper .el-table__row', { hasText: 'items[G7].checks[0].threshold' });
      assert.equal(await g7.count(), 1, 'G7 threshold change listed');
      assert.equal((await g7.locator('[data-test=diff-parent]').innerText()).trim(), '6000');
      assert.equal((await g7.locator('[data-test=diff-variant]').innerText()).trim(), '8000');
      await shot(page, '18-standard-variant');
    });

    // ---- editing, importing and undoing (after the read-only story) ----
    const year = new URL(page.url().replace('#/', '')).searchParams.get('year') || '';

    await t.test('an inspector records a judgment; the verdict follows', async () => {
      await page.goto(`${BASE}/#/county/990102?year=${year}&tab=items`);
      await page.waitForSelector('[data-test=edit-judgment-G1]');
      assert.equal(await page.locator('[data-test=county-verdict]').getAttribute('data-verdict'), 'pass', '城关区 passes');
      const judge = async (status, note) => {
        await page.locator('[data-test=edit-judgment-G1]').click();
        const dlg = page.locator('.el-dialog', { hasText: 'G1' });
        await dlg.waitFor();
        await dlg.locator('[data-test=judgment-status] label', { hasText: new RegExp(`^${status}$`) }).click();
        await dlg.locator('textarea').first().fill(note);
        await dlg.locator('input').last().fill('浏览器测试');
        await dlg.locator('[data-test=judgment-save]').click();
        await dlg.waitFor({ state: 'hidden' });
        await settle(page);
      };
      await judge('未达标', '布局规划未获批复（测试）');
      await page.waitForFunction(() => document.querySelector('[data-test=county-verdict]')?.getAttribute('data-verdict') === 'fail');
      assert.match(await page.locator('[data-test=item-G1]').innerText(), /布局规划未获批复/);
      await shot(page, '11-judgment-edited');
      await judge('达标', '');
      await page.waitForFunction(() => document.querySelector('[data-test=county-verdict]')?.getAttribute('data-verdict') === 'pass');
    });

    await t.test('a county is judged by a province variant, and back', async () => {
      await page.goto(`${BASE}/#/county/990103?year=${year}&standard=cn-yzjh-2017&tab=trend`);
      await page.waitForSelector('[data-test=county-standard]');
      await page.waitForSelector('[data-test=trend-table-primary] .trend-row');
      assert.equal(await page.locator('[data-test=variant-tag]').count(), 0, 'judged by the national standard');
      const change = async (text, id) => {
        await pickOption('[data-test=variant-select]', text);
        const dlg = page.locator('.el-dialog', { has: page.locator('[data-test=variant-save]') });
        await dlg.waitFor();
        await dlg.locator('input').last().fill('浏览器测试');
        await dlg.locator('[data-test=variant-save]').click();
        await dlg.waitFor({ state: 'hidden' });
        await page.waitForFunction((sid) => document.querySelector('[data-test=county-standard]')?.getAttribute('data-standard') === sid, id);
        await settle(page);
      };
      await change('义务教育优质均衡（示例省）', 'example-province-yzjh-2017');
      assert.match(await page.locator('[data-test=variant-tag]').innerText(), /按 示例省.*实施细则.* 评估/);
      await shot(page, '19-county-variant');
      await change('义务教育优质均衡（2017）', 'cn-yzjh-2017');
      assert.equal(await page.locator('[data-test=variant-tag]').count(), 0, 'back to the national standard');
    });

    await t.test('a bad file is refused and nothing is saved', async () => {
      await page.goto(`${BASE}/#/import?year=${year}`);
      await page.waitForSelector('[data-test=upload] input[type=file]', { state: 'attached' });
      await page.locator('[data-test=upload] input[type=file]').setInputFiles([
        { name: '分学段数据.csv', mimeType: 'text/csv', buffer: Buffer.from('*学年,*学校标识码,学校名称,*学段,*在校生数（人）\n2024-2025,9901030002,测试,小学,-5\n') },
      ]);
      await page.locator('[data-test=start-import]').click();
      await page.waitForSelector('[data-test=import-failed]');
      assert.match(await page.locator('[data-test=import-failed]').innerText(), /本次导入未保存任何数据/);
      assert.ok(await page.locator('[data-test=error-table] .el-table__body-wrapper .el-table__row').count() > 0, 'error rows');
      const href = await page.locator('[data-test=errors-xlsx]').getAttribute('href');
      const res = await page.request.get(new URL(href, `${BASE}/`).toString());
      assert.equal(res.status(), 200);
      assert.equal((await res.body()).subarray(0, 2).toString('latin1'), 'PK', 'errors.xlsx is an xlsx');
      await shot(page, '12-import-failed');
    });

    let importId = null;
    await t.test('a good file is imported; the county is linked', async () => {
      // Re-import one 东湖区 school as it is, with one more backbone teacher.
      const api = async (u) => {
        const r = await page.request.get(`${BASE}/api/${u}`);
        assert.ok(r.ok(), `GET /api/${u} → ${r.status()}`);
        return r.json();
      };
      const ev = await api(`counties/990103/evaluation?year=${year}`);
      const sec = ev.stages.find((s) => s.stage === 'primary').sections.find((x) => x.type === 'primary');
      const info = await api(`schools/${sec.school}?year=${year}`);
      const std = await api('standards/cn-yzjh-2017');
      const catalog = await api(`catalogs/${std.catalog}`);
      const head = (f) => `${f.required ? '*' : ''}${f.name.zh}${f.unit.zh ? `（${f.unit.zh}）` : ''}`;
      const entered = (f, v) => (v === undefined || v === null ? '' : String(+(v / 10 ** (f.pow10 || 0)).toFixed(6)));
      const csv = (rows) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
      const label = `${year}-${Number(year) + 1}`;
      const sch = info.school;
      const schoolFields = catalog.fields.filter((f) => f.level === 'school');
      const sectionFields = catalog.fields.filter((f) => f.level === 'section');
      const schoolCsv = csv([
        ['*学年', '*学校标识码', '*学校名称', '*所属县区代码', '所属县区', '乡镇（街道）', '*学校类型', '*城乡类型', '*办学性质', '*是否寄宿制学校', ...schoolFields.map(head)],
        [label, sch.code, sch.name, sch.county, info.county.name, sch.town, sch.type_zh, sch.locale_zh, sch.ownership_zh, sch.boarding ? '是' : '否',
          ...schoolFields.map((f) => entered(f, info.data.school[f.id]))],
      ]);
      const sv = { ...info.data.sections.primary };
      sv.teachers_backbone = (sv.teachers_backbone || 0) + 1;
      const sectionCsv = csv([
        ['*学年', '*学校标识码', '学校名称', '*学段', ...sectionFields.map(head)],
        [label, sch.code, sch.name, '小学', ...sectionFields.map((f) => entered(f, sv[f.id]))],
      ]);
      await page.goto(`${BASE}/#/import?year=${year}`);
      await page.waitForSelector('[data-test=upload] input[type=file]', { state: 'attached' });
      await page.locator('[data-test=upload] input[type=file]').setInputFiles([
        { name: '学校基本信息.csv', mimeType: 'text/csv', buffer: Buffer.from(schoolCsv) },
        { name: '分学段数据.csv', mimeType: 'text/csv', buffer: Buffer.from(sectionCsv) },
      ]);
      await page.locator('[data-test=import-user] input').fill('浏览器测试');
      await page.locator('[data-test=start-import]').click();
      await page.waitForSelector('[data-test=import-ok], [data-test=import-failed]');
      if (await page.locator('[data-test=import-failed]').count()) {
        const errs = await page.locator('[data-test=error-table]').innerText();
        assert.fail(`import refused:\n${errs}`);
      }
      importId = Number((await page.locator('[data-test=import-id]').innerText()).replace(/\D/g, ''));
      assert.ok(importId > 0, 'import id shown');
      await page.locator('[data-test=job] a', { hasText: '东湖区' }).waitFor();
      await shot(page, '13-import-ok');
    });

    await t.test('the import is undone after a confirmation', async () => {
      await page.goto(`${BASE}/#/imports?year=${year}`);
      await page.waitForSelector('[data-test=imports-table] .el-table__row');
      const undoBtn = page.locator(`[data-test=undo-${importId}]`);
      assert.equal(await undoBtn.count(), 1, `undo button of import #${importId}`);
      await undoBtn.click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      assert.match(await box.innerText(), /撤销/);
      await box.getByRole('button', { name: '撤销' }).click();
      await box.waitFor({ state: 'hidden' });
      const row = page.locator('[data-test=imports-table] .el-table__body-wrapper .el-table__row', { hasText: `#${importId}` });
      await row.locator('[data-test=undone-tag]').waitFor();
      await shot(page, '14-imports-undone');
    });
  } finally {
    await browser.close();
    console.log(`# screenshots in ${SHOTS}`);
  }

  assert.deepEqual(problems, [], `console errors or server errors:\n${problems.join('\n')}`);
});
