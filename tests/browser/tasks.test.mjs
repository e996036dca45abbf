// Browser test of the 督查督办 (supervision task) pages against a running
// `jiaodu serve` with the demo city, whose demo holds ~30 measures in every
// state of the escalation chain (see run.sh).
//
//   BASE_URL=http://127.0.0.1:18080 SHOT_DIR=/tmp/shots node --test tasks.test.mjs
//
// The board is compared with the API; a step by the wrong role is refused
// with its Chinese reason and nothing changes; a 责任单位 files a final
// report with an attachment (a renamed file is refused first), the bureau
// approves it, and the task moves to the 办结 column of the board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { BASE, openBrowser, api, shot, settle } from './harness.mjs';

async function setRole(page, role) {
  await page.locator('[data-test=task-role]').click();
  await page.locator(`.el-select-dropdown__item[data-test=task-role-${role}]:visible`).click();
}

test('督查督办: board → wrong role refused → report with evidence → approved → 办结 on the board', { timeout: 240_000 }, async (t) => {
  const { browser, page, problems } = await openBrowser();
  // The refusals below answer 4xx, which Chromium logs as console errors.
  const expected4xx = () => {
    for (let i = problems.length - 1; i >= 0; i -= 1) if (/status of 4\d\d/.test(problems[i])) problems.splice(i, 1);
  };
  try {
    let data = await api('tasks');
    assert.ok(data.tasks.length >= 28, 'the demo has about thirty measures');

    await t.test('the board shows every task in the column of its state, as the API', async () => {
      await page.goto(`${BASE}/#/`);
      await page.locator('[data-test=nav-tasks]').click();
      await page.waitForSelector('[data-test=task-board]');
      for (const s of data.states) {
        const want = data.tasks.filter((x) => x.state === s.key);
        assert.ok(want.length > 0, `the demo has a task in ${s.key}`);
        const cards = page.locator(`[data-test=board-${s.key}] .task-card`);
        assert.equal(await cards.count(), want.length, `${s.key} column`);
        assert.equal(Number(await page.locator(`[data-test=task-count-${s.key}] .summary-n`).innerText()), want.length);
      }
      await shot(page, '50-tasks-board');
      await page.locator('[data-test=task-tabs] .el-tabs__item', { hasText: '逾期清单' }).click();
      const overdue = data.tasks.filter((x) => x.state !== 'done' && x.days_left < 0);
      assert.equal(await page.locator('[data-test=task-overdue] .el-table__body tr').count(), overdue.length, 'overdue list');
      await page.locator('[data-test=task-tabs] .el-tabs__item', { hasText: '时限日历' }).click();
      await page.waitForSelector('[data-test=task-calendar] .cal-cell.today');
      await shot(page, '51-tasks-calendar');
    });

    await t.test('a task linked to a plan indicator shows where that indicator stands', async () => {
      const linkedTask = data.tasks.find((x) => x.plan_id && x.indicator);
      assert.ok(linkedTask, 'the demo links measures to plan indicators');
      const plan = await api(`plans/${linkedTask.plan_id}`);
      const ind = plan.indicators.find((i) => i.id === linkedTask.indicator);
      await page.goto(`${BASE}/#/tasks/${linkedTask.id}`);
      const cell = page.locator('[data-test=task-indicator]');
      await cell.waitFor();
      assert.match(await cell.innerText(), new RegExp(ind.name.zh));
      assert.equal(await cell.locator('[data-test=plan-status]').getAttribute('data-status'), ind.area_track.latest.status);
    });

    await t.test('a step by the wrong role is refused in Chinese and changes nothing; the right role takes it', async () => {
      const task = data.tasks.find((x) => x.state === 'overdue');
      await page.goto(`${BASE}/#/tasks/${task.id}`);
      await page.waitForSelector('[data-test=task-actions]');
      await setRole(page, 'owner');
      await page.locator('[data-test=task-action-notice]').click();
      const dialog = page.locator('[data-test=task-step-dialog]');
      await dialog.locator('[data-test=step-reason]').fill('逾期未完成');
      const due = new Date(Date.parse(`${data.today}T00:00:00Z`) + 20 * 86400_000).toISOString().slice(0, 10);
      await dialog.locator('[data-test=step-due]').fill(due);
      await dialog.locator('[data-test=step-confirm]').click();
      await dialog.locator('.el-alert').waitFor();
      assert.match(await dialog.locator('.el-alert').innerText(), /须由督查科操作/);
      expected4xx();
      assert.equal((await api(`tasks/${task.id}`)).state, 'overdue', 'nothing changed');
      await dialog.locator('button', { hasText: '取消' }).click();
      await setRole(page, 'supervisor');
      await page.locator('[data-test=task-action-notice]').click();
      await dialog.locator('[data-test=step-reason]').fill('逾期未完成，下发督办通知单');
      await dialog.locator('[data-test=step-due]').fill(due);
      await dialog.locator('[data-test=step-confirm]').click();
      await dialog.waitFor({ state: 'hidden' });
      const after = await api(`tasks/${task.id}`);
      assert.equal(after.state, 'notice');
      assert.equal(after.due, due);
      assert.match(after.notice_no, /^督办〔\d{4}〕\d+号$/);
      assert.equal(await page.locator('[data-test=task-detail-state]').getAttribute('data-state'), 'notice');
      const last = after.events[after.events.length - 1];
      assert.equal(last.reason, '逾期未完成，下发督办通知单');
      assert.equal(last.role, 'supervisor');
      // The 督办通知单 prints as a one-page PDF from the task page.
      const href = await page.locator('[data-test=notice-pdf]').getAttribute('href');
      assert.equal(href, `api/tasks/${task.id}/notices/${last.id}.pdf`);
      const pdf = await fetch(`${BASE}/${href}`);
      assert.equal(pdf.status, 200);
      assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
    });

    const task = data.tasks.find((x) => x.state === 'in_progress' && !x.pending_final);
    const pdf = Buffer.from('%PDF-1.4\n% 整改佐证\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    await t.test('a 责任单位 files a final report with an attachment (a renamed file refused first)', async () => {
      const before = (await api(`tasks/${task.id}`)).reports.length;
      await page.goto(`${BASE}/#/tasks/${task.id}`);
      await page.waitForSelector('[data-test=task-report-form]');
      await setRole(page, 'owner');
      await page.locator('[data-test=task-actor-name]').fill('李老师');
      await page.locator('[data-test=report-text]').fill('任务已全部完成，附完成情况报告');
      await page.locator('[data-test=report-final]').click();
      const input = page.locator('[data-test=task-report-form] input[type=file]');
      await input.setInputFiles([{ name: '完成情况.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf') }]);
      await page.locator('[data-test=report-submit]').click();
      await page.locator('[data-test=task-report-form] .el-alert').waitFor();
      assert.match(await page.locator('[data-test=task-report-form] .el-alert').innerText(), /扩展名与内容不符/);
      expected4xx();
      assert.equal((await api(`tasks/${task.id}`)).reports.length, before, 'nothing stored');
      // Replace the file with a real PDF and submit again.
      const item = page.locator('[data-test=task-report-form] .el-upload-list__item').first();
      await item.hover();
      await item.locator('.el-icon--close').click();
      await page.waitForFunction(() => !document.querySelector('[data-test=task-report-form] .el-upload-list__item'));
      await input.setInputFiles([{ name: '完成情况.pdf', mimeType: 'application/pdf', buffer: pdf }]);
      await page.locator('[data-test=report-submit]').click();
      await page.waitForFunction(() => !document.querySelector('[data-test=task-report-form] .el-alert'));
      const now = await api(`tasks/${task.id}`);
      const report = now.reports[now.reports.length - 1];
      assert.equal(report.text, '任务已全部完成，附完成情况报告');
      assert.equal(report.final, true);
      assert.equal(report.by, '李老师', 'the person who filed it is recorded');
      assert.equal(now.reports.length, before + 1);
      assert.equal(report.files.length, 1);
      assert.equal(report.files[0].name, '完成情况.pdf');
      assert.equal(report.files[0].size, pdf.length);
      assert.equal(report.files[0].sha256, crypto.createHash('sha256').update(pdf).digest('hex'), 'stored with its SHA-256');
      const res = await fetch(`${BASE}/${report.files[0].url}`);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(pdf), 'downloads byte for byte');
      await page.waitForSelector(`[data-test=task-report-${report.id}]`);
      await shot(page, '52-task-report');
    });

    await t.test('the bureau approves it and the task moves to 办结 on the board', async () => {
      const now = await api(`tasks/${task.id}`);
      const report = now.reports[now.reports.length - 1];
      await setRole(page, 'supervisor');
      await page.locator(`[data-test=report-approve-${report.id}]`).click();
      await page.waitForFunction(() => document.querySelector('[data-test=task-detail-state]')?.dataset.state === 'done');
      await page.locator('[data-test=nav-tasks]').click();
      await page.waitForSelector(`[data-test=board-done] [data-test=task-card-${task.id}]`);
      assert.equal(await page.locator(`[data-test=board-in_progress] [data-test=task-card-${task.id}]`).count(), 0);
      data = await api('tasks');
      assert.equal(await page.locator('[data-test=board-done] .task-card').count(), data.tasks.filter((x) => x.state === 'done').length);
      await shot(page, '53-task-done');
    });

    await t.test('the template downloads and, filled in, imports as a new task', async () => {
      await page.goto(`${BASE}/#/tasks`);
      await page.waitForSelector('[data-test=task-board]');
      const res = await fetch(`${BASE}/api/tasks/template.xlsx`);
      assert.equal(res.status, 200);
      const tpl = Buffer.from(await res.arrayBuffer());
      assert.equal(tpl.subarray(0, 2).toString('latin1'), 'PK');
      const before = (await api('tasks')).tasks.length;
      await page.locator('[data-test=task-import] input[type=file]').setInputFiles([{ name: '任务清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: tpl }]);
      await page.locator('.el-message--success', { hasText: '已导入 1 项任务' }).waitFor();
      const after = await api('tasks');
      assert.equal(after.tasks.length, before + 1);
      const added = after.tasks.find((x) => x.id === 'DB2025-01');
      assert.ok(added, 'the example row of the template');
      await page.waitForSelector(`[data-test=task-card-DB2025-01]`);
      const pub = await fetch(`${BASE}/api/tasks/publicity.xlsx`);
      assert.equal(pub.status, 200);
      assert.match(decodeURIComponent(pub.headers.get('content-disposition')), /公示清单/);
    });

    assert.deepEqual(problems, [], 'no console errors, page errors or 5xx answers');
  } finally {
    await browser.close();
  }
});
