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
import path from 'node:path';
import { BASE, SHOTS, openBrowser, shot, settle } from './harness.mjs';

test('a bureau officer walks through the UI', { timeout: 240_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();

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

    // ---- 学前教育普及普惠 (教督〔2020〕1号): coverage rates, remedies, goals, kindergartens ----
    // Every expected value is read from the API here, never written down.
    const XQPP = 'cn-xqpp-2020';
    const getJson = async (u) => {
      const r = await page.request.get(`${BASE}/api/${u}`);
      assert.ok(r.ok(), `GET /api/${u} → ${r.status()}`);
      return r.json();
    };
    const zhNum = (v, d) => new Intl.NumberFormat('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
    const zhPct = (v) => `${zhNum(v * 100, 1)}%`;
    const zhInt = (v) => Math.round(v).toLocaleString('zh-CN');
    const countyCheck = (ev, id) => (ev.items.find((i) => i.id === id)?.checks || []).find((c) => c.scope === 'county');

    const pre = { ov: null, std: null, evs: {}, failing: null };
    await t.test('学前教育普及普惠: the demo has kindergartens', async (st) => {
      pre.ov = await getJson(`overview?standard=${XQPP}`).catch(() => null);
      const n = pre.ov?.totals?.schools || 0;
      if (!pre.ov || !(pre.ov.counties || []).length || !n) {
        st.skip(`GET /api/overview?standard=${XQPP} lists no kindergartens: the demo has no preschool data yet; the 普及普惠 UI steps are skipped`);
        pre.ov = null;
        return;
      }
      pre.std = await getJson(`standards/${XQPP}`);
      for (const c of pre.ov.counties) pre.evs[c.code] = await getJson(`counties/${c.code}/evaluation?year=${pre.ov.year.start}&standard=${XQPP}`);
      // A county failing a 普及普惠水平 rate that the API says how to fix.
      for (const c of pre.ov.counties) {
        const ev = pre.evs[c.code];
        const it = ev.items.find((i) => i.part === 'coverage' && i.verdict === 'fail'
          && (i.checks || []).some((k) => k.scope === 'county' && k.verdict === 'fail' && k.remedies.some((r) => r.amount != null)));
        if (it) {
          pre.failing = { code: c.code, name: c.name, item: it.id };
          break;
        }
      }
      assert.ok(pre.failing, 'the demo has a county failing a 普及普惠水平 rate, with a remedy');
    });

    await t.test('学前教育普及普惠: the overview shows the parts and the three rates, no CV', async (st) => {
      if (!pre.ov) return st.skip('no preschool data');
      await page.goto(`${BASE}/#/?year=${pre.ov.year.start}`);
      await page.waitForSelector('[data-test=county-table] .county-row');
      await pickOption('[data-test=standard-select]', pre.std.short_title.zh);
      await page.waitForFunction((id) => location.hash.includes(`standard=${id}`), XQPP);
      await page.waitForSelector('[data-test=county-table] .county-row [data-test=rate-P1]');
      await settle(page);
      assert.equal(await page.locator('[data-test=county-table] .county-row').count(), pre.ov.counties.length);
      const header = await page.locator('[data-test=county-table] .el-table__header-wrapper').innerText();
      for (const p of pre.std.parts) assert.ok(header.replace(/\s/g, '').includes(p.name.zh), `part column ${p.name.zh}`);
      assert.ok(!/差异系数/.test(header), 'no 差异系数 column');
      assert.equal(await page.locator('[data-test=city-cv-chart]').count(), 0, 'no CV chart');
      assert.ok(await page.locator('[data-test=city-rates-chart] canvas').count() > 0, 'rates chart');
      const rates = pre.std.items.filter((i) => i.part === 'coverage').map((i) => i.id);
      assert.ok(rates.length >= 3, `coverage items ${rates}`);
      for (const c of pre.ov.counties) {
        const row = page.locator(`[data-test=county-table] .county-row-${c.code}`).first();
        assert.equal(await row.locator('[data-test=part-coverage]').getAttribute('data-verdict'), c.parts.coverage, `${c.name} 普及普惠水平`);
        for (const id of rates) {
          const check = countyCheck(pre.evs[c.code], id);
          const cell = row.locator(`[data-test=rate-${id}]`);
          assert.equal((await cell.innerText()).trim(), check.value == null ? '—' : zhPct(check.value), `${c.name} ${id}`);
          if (check.value != null) assert.equal(await cell.getAttribute('data-ok'), String(check.verdict === 'pass'), `${c.name} ${id} colour`);
        }
      }
      await shot(page, '20-overview-xqpp');
    });

    await t.test('学前教育普及普惠: a failing county shows its rates, what it takes, the goals and its kindergartens', async (st) => {
      if (!pre.ov) return st.skip('no preschool data');
      const { code, name, item } = pre.failing;
      const ev = pre.evs[code];
      await page.locator(`[data-test=county-link-${code}]`).click();
      await page.waitForSelector('[data-test=part-card-coverage]');
      await page.waitForSelector('[data-test=member-table] .member-row');
      await settle(page);
      assert.match(page.url(), new RegExp(`standard=${XQPP}`));
      assert.equal((await page.locator('[data-test=county-name]').innerText()).trim(), name);
      assert.equal(await page.locator('[data-test=county-verdict]').getAttribute('data-verdict'), ev.verdict);
      const card = page.locator('[data-test=part-card-coverage]');
      assert.equal(await card.getAttribute('data-verdict'), ev.parts.coverage);
      assert.match(await card.innerText(), new RegExp(ev.part_list.find((p) => p.key === 'coverage').name.zh));
      for (const it of ev.items.filter((i) => i.part === 'coverage')) {
        const check = countyCheck(ev, it.id);
        const rate = card.locator(`[data-test=rate-${it.id}]`);
        assert.equal(await rate.getAttribute('data-verdict'), check.verdict, `${it.id} verdict`);
        assert.equal((await rate.locator('[data-test=rate-value]').innerText()).trim(), zhPct(check.value), `${it.id} value`);
        assert.match(await rate.locator('[data-test=rate-threshold]').innerText(), new RegExp(`${zhPct(check.threshold).replace('.', '\\.')}`), `${it.id} threshold`);
        assert.equal(await rate.locator('[data-test=remedies]').count(), check.verdict === 'fail' && check.remedies.length ? 1 : 0, `${it.id} remedies shown only when failing`);
      }
      // The failing rate: every remedy with its amount and unit, e.g. 非普惠性民办园认定为普惠性民办园…：83 个学位.
      const check = countyCheck(ev, item);
      const remedyText = (await card.locator(`[data-test=rate-${item}] [data-test=remedies]`).innerText()).replace(/\s+/g, ' ');
      for (const r of check.remedies.filter((x) => x.amount != null)) {
        assert.ok(remedyText.includes(`${r.text.zh}：${zhInt(r.amount)} ${r.unit.zh}`), `remedy "${r.text.zh}：${zhInt(r.amount)} ${r.unit.zh}" in "${remedyText}"`);
      }

      // Goals (5080, 2025): beside the standard, labelled as targets.
      const goals = page.locator('[data-test=goals-panel]');
      assert.ok(ev.goals.length > 0, 'the evaluation has goals');
      assert.match(await goals.innerText(), /目标，不是评估标准/);
      for (const g of ev.goals) {
        const box = goals.locator(`[data-test=goal-${g.id}]`);
        assert.equal(await box.getAttribute('data-verdict'), g.verdict, `goal ${g.id}`);
        assert.ok((await box.innerText()).includes(g.name.zh), `goal ${g.id} name`);
        for (const tg of g.targets) {
          const row = box.locator(`[data-test=goal-target-${g.id}-${tg.item}]`);
          assert.equal(await row.getAttribute('data-verdict'), tg.verdict, `goal ${g.id} ${tg.item}`);
          const text = await row.innerText();
          assert.ok(text.includes(zhPct(tg.value)) && text.includes(zhPct(tg.threshold)), `goal ${g.id} ${tg.item}: ${text}`);
          if (tg.verdict === 'fail') assert.match(text, new RegExp(`差 ${zhNum((tg.threshold - tg.value) * 100, 1).replace('.', '\\.')} 个百分点`));
        }
      }

      // The kindergartens one by one: no CV table or chart.
      assert.equal(await page.locator('[data-test=cv-table]').count(), 0, 'no CV table');
      assert.equal(await page.locator('[data-test=county-cv-chart]').count(), 0, 'no CV chart');
      const sections = ev.stages.find((s) => s.stage === 'preschool').sections;
      assert.equal(await page.locator('[data-test=member-table] .el-table__body-wrapper .member-row').count(), sections.length);
      const head = await page.locator('[data-test=member-table] .el-table__header-wrapper').innerText();
      assert.ok(head.includes(`${pre.std.member_noun.zh}名称`), `member noun in ${head}`);
      const kg = sections.find((x) => x.type === 'kindergarten') || sections[0];
      const row = page.locator(`[data-test=member-table] .el-table__body-wrapper .member-row-${kg.school}`);
      assert.equal((await row.locator('[data-test=member-name]').innerText()).trim(), kg.name);
      assert.equal((await row.locator('[data-test=member-children]').innerText()).trim(), zhInt(kg.students));
      for (const v of kg.values) {
        const ind = pre.std.indicators.find((i) => i.id === v.indicator);
        const want = v.value == null ? '—' : `${zhNum(v.value, ind.decimals)}${ind.unit.zh === '%' ? '%' : ''}`;
        assert.equal((await row.locator(`[data-test=member-${v.indicator}]`).innerText()).trim(), want, `${kg.name} ${v.indicator}`);
      }
      const info = await getJson(`schools/${kg.school}?year=${pre.ov.year.start}&standard=${XQPP}`);
      if (typeof info.school.category === 'string') {
        // 公办园 / 普惠性民办园 / 非普惠民办园; 普惠 = public, or a recognised private one.
        assert.equal((await row.locator('[data-test=member-category]').innerText()).trim(), info.school.category, `${kg.name} 类别`);
        const incl = info.school.ownership === 'public' || info.school.inclusive === true;
        assert.equal(await row.locator('[data-test=member-inclusive]').getAttribute('data-inclusive'), String(incl), `${kg.name} 普惠`);
      } else {
        console.log('# this server sends no kindergarten category (/api/schools/{code} school.category); 类别/普惠 not checked');
      }
      const over = info.data.sections.preschool.classes_oversize;
      await row.locator('[data-test=member-oversize]').waitFor();
      assert.equal(Number(await row.locator('[data-test=member-oversize]').getAttribute('data-oversize')), over, `${kg.name} 班额超标班数`);
      await shot(page, '21-county-xqpp');

      // English: the parts as the standard names them, goals still marked as targets.
      await page.locator('[data-test=lang-toggle]').click();
      await page.waitForTimeout(300);
      assert.match(await card.innerText(), new RegExp(ev.part_list.find((p) => p.key === 'coverage').name.en));
      assert.match(await goals.innerText(), /Targets, not the standard/);
      await shot(page, '22-county-xqpp-en');
      await page.locator('[data-test=lang-toggle]').click();
      await page.waitForTimeout(200);
    });

    await t.test('学前教育普及普惠: judged items show their evidence; failing checks what it takes', async (st) => {
      if (!pre.ov) return st.skip('no preschool data');
      const { code, item } = pre.failing;
      const ev = pre.evs[code];
      await page.locator('[data-test=tab-items]').click();
      await page.waitForSelector('[data-test=items] [data-test=part-coverage]');
      await settle(page);
      const coverageTitle = await page.locator('[data-test=items] [data-test=part-coverage] .part-title').innerText();
      assert.equal(coverageTitle.trim(), ev.part_list.find((p) => p.key === 'coverage').name.zh);
      const remedy = await page.locator(`[data-test=item-${item}] [data-test=remedies]`).innerText();
      const first = countyCheck(ev, item).remedies.find((r) => r.amount != null);
      assert.ok(remedy.includes(first.text.zh) && remedy.includes(zhInt(first.amount)), `item ${item} remedy: ${remedy}`);
      const judged = ev.items.find((i) => i.needs_judgment && i.judgment?.evidence);
      assert.ok(judged, 'a judged item with evidence');
      const box = await page.locator(`[data-test=judgment-${judged.id}]`).innerText();
      assert.ok(box.includes(judged.judgment.evidence), `evidence of ${judged.id}`);
      await shot(page, '23-county-xqpp-items');
    });

    await t.test('学前教育普及普惠: 导出PDF自评报告附表 passes the standard and downloads a PDF', async (st) => {
      if (!pre.ov) return st.skip('no preschool data');
      const { code } = pre.failing;
      const url = `${BASE}/api/export/county/${code}.pdf?year=${pre.ov.year.start}&standard=${XQPP}`;
      const res = await page.request.get(url);
      if (res.status() !== 200) {
        const body = await res.json().catch(() => null);
        const id = body?.error?.id || '';
        // Only a server build without the PDF route, or without CJK fonts, is tolerated.
        if (id === 'http.no_route' || id === 'pdf.font_missing') {
          st.skip(`GET ${url} → ${res.status()} ${id}: this server offers no PDF; download not tested`);
          return;
        }
        assert.fail(`GET ${url} → ${res.status()} ${id}`);
      }
      const [download, request] = await Promise.all([
        page.waitForEvent('download'),
        page.waitForRequest((r) => /\/api\/export\/county\/\d+\.pdf/.test(r.url())),
        page.locator('[data-test=export-county-pdf]').click(),
      ]);
      assert.match(request.url(), new RegExp(`standard=${XQPP}`), 'the PDF request names the standard');
      const file = path.join(SHOTS, 'county-annex-xqpp.pdf');
      await download.saveAs(file);
      const buf = fs.readFileSync(file);
      assert.equal(buf.subarray(0, 4).toString('latin1'), '%PDF', 'the download is a PDF');
      assert.ok(download.suggestedFilename().includes(pre.std.report_title.zh), `file name ${download.suggestedFilename()} names ${pre.std.report_title.zh}`);
      console.log(`# PDF ${download.suggestedFilename()} ${buf.length} bytes`);
    });
  } finally {
    await browser.close();
    console.log(`# screenshots in ${SHOTS}`);
  }

  assert.deepEqual(problems, [], `console errors or server errors:\n${problems.join('\n')}`);
});
