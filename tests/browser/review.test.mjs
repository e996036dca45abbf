// Browser test of the review chain (填报审核, docs/access.md) against a running
// `jiaodu serve` whose database has these accounts (run.sh makes them after
// the other suites, since the first account turns login on, A14):
//
//   rv_clerk 学校填报员, rv_reviewer 学校审核人 of REVIEW_SCHOOL; rv_county 县局 of its
//   county; rv_city 市局 — all with the initial password REVIEW_PASSWORD_<login>.
//
//   BASE_URL=… REVIEW_YEAR=2024 REVIEW_SCHOOL=… REVIEW_PASSWORD_rv_clerk=… … node --test review.test.mjs
//
// The clerk changes a value (tripled: flagged against last year) and submits,
// confirming it with a note; the school reviewer passes; the county returns
// with a note on that field; the clerk sees the note, fixes the value and
// resubmits; the school reviewer and the county pass; the city locks the
// year; the clerk can no longer save, and the server says so in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, shot } from './harness.mjs';

const YEAR = process.env.REVIEW_YEAR;
const SCHOOL = process.env.REVIEW_SCHOOL;
const CHOSEN = 'Review-Passw0rd';
const changed = new Set();

const field = (page, name) =>
  page.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input, [data-test="${name}"] textarea`).first();

async function loginAs(page, user) {
  await page.goto(`${BASE}/#/login`);
  await page.waitForSelector('[data-test=login-page]');
  const first = !changed.has(user);
  const password = first ? process.env[`REVIEW_PASSWORD_${user}`] : CHOSEN;
  await field(page, 'login-name').fill(user);
  await field(page, 'login-password').fill(password);
  await page.locator('[data-test=login-submit]').click();
  if (first) {
    await page.waitForSelector('[data-test=change-password]');
    await field(page, 'old-password').fill(password);
    await field(page, 'new-password').fill(CHOSEN);
    await field(page, 'repeat-password').fill(CHOSEN);
    await page.locator('[data-test=change-submit]').click();
    await page.waitForSelector('[data-test=change-password]', { state: 'hidden' });
    changed.add(user);
  }
  await page.waitForSelector('[data-test=user-box]');
}

async function logout(page) {
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/#\/login/);
}

async function openSchool(page) {
  await page.goto(`${BASE}/#/review?year=${YEAR}&school=${SCHOOL}`);
  await page.waitForSelector('[data-test=review-state]');
}

const stateText = (page) => page.locator('[data-test=review-state]').innerText();

async function expectState(page, zh) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-test=review-state]')?.textContent.includes(want), zh);
}

async function step(page, name, reason) {
  await page.locator(`[data-test=review-step-${name}]`).click();
  if (reason !== undefined) {
    await page.waitForSelector('[data-test=review-reason]');
    await field(page, 'review-reason').fill(reason);
    await page.locator('[data-test=review-step-confirm]').click();
  }
}

test('review chain: submit, return with a note, fix, resubmit, lock', { skip: !SCHOOL && 'REVIEW_SCHOOL not set', timeout: 240_000 }, async () => {
  const { browser, page, problems } = await openBrowser();
  try {
    // The clerk triples the sports ground and submits, confirming the change.
    await loginAs(page, 'rv_clerk');
    // A school's clerk fills its own data here; bulk imports are not offered
    // (the server would refuse them: docs/api.md "Me", actions).
    await page.waitForSelector('[data-test=nav-review]');
    assert.equal(await page.locator('[data-test=nav-import]').count(), 0);
    assert.equal(await page.locator('[data-test=nav-fitness-import]').count(), 0);
    await page.goto(`${BASE}/#/review?year=${YEAR}`);
    await page.waitForSelector('[data-test=review-save]');
    assert.match(await stateText(page), /填报中/);
    const input = field(page, 'value--sports_ground_area');
    const original = await input.inputValue();
    assert.ok(Number(original) > 0, `sports ground ${original}`);
    await input.fill(String(Number(original) * 3));
    await page.locator('[data-test=review-save]').click();
    await page.waitForSelector('[data-test=review-saved]');
    await page.waitForSelector('[data-test=review-flags]');
    await page.locator('[data-test=review-step-submit]').click();
    await page.waitForSelector('[data-test=review-confirm]');
    await field(page, 'confirm--sports_ground_area').fill('新建运动场已投入使用');
    await shot(page, 'review-confirm');
    await page.locator('[data-test=review-confirm-submit]').click();
    await expectState(page, '待学校审核');
    await logout(page);

    // The school reviewer passes it on.
    await loginAs(page, 'rv_reviewer');
    await page.goto(`${BASE}/#/review?year=${YEAR}`);
    await page.waitForSelector('[data-test=review-step-approve]');
    await step(page, 'approve');
    await expectState(page, '待县级审核');
    await logout(page);

    // The county finds it in its queue and returns it with a note on the field.
    await loginAs(page, 'rv_county');
    await page.goto(`${BASE}/#/review?year=${YEAR}`);
    await page.waitForSelector(`[data-test=queue-${SCHOOL}]`);
    await page.waitForSelector('[data-test=review-counts]');
    await shot(page, 'review-county-status');
    await page.locator(`[data-test=queue-${SCHOOL}]`).click();
    await page.waitForSelector('[data-test=review-step-return]');
    await field(page, 'note--sports_ground_area').fill('新运动场尚未验收，请按原面积填报');
    await step(page, 'return', '运动场面积与验收资料不符');
    await expectState(page, '填报中');
    await logout(page);

    // The clerk sees the note beside the field, fixes it and resubmits.
    await loginAs(page, 'rv_clerk');
    await page.goto(`${BASE}/#/review?year=${YEAR}`);
    await page.waitForSelector('[data-test=return-note--sports_ground_area]');
    assert.match(await page.locator('[data-test=review-return-notes]').innerText(), /尚未验收/);
    await shot(page, 'review-returned');
    await field(page, 'value--sports_ground_area').fill(original);
    await page.locator('[data-test=review-save]').click();
    await page.waitForSelector('[data-test=review-saved]');
    assert.equal(await page.locator('[data-test=review-flags]').count(), 0);
    await step(page, 'submit');
    await expectState(page, '待学校审核');
    await logout(page);

    await loginAs(page, 'rv_reviewer');
    await openSchool(page);
    await step(page, 'approve');
    await expectState(page, '待县级审核');
    await logout(page);
    await loginAs(page, 'rv_county');
    await openSchool(page);
    await step(page, 'approve');
    await expectState(page, '待市级审核');
    await logout(page);

    // The city locks the year.
    await loginAs(page, 'rv_city');
    await openSchool(page);
    await step(page, 'approve');
    await expectState(page, '已锁定');
    assert.ok((await page.locator('[data-test=review-event]').count()) >= 7, "submit, pass, return, submit, pass, pass, lock");
    await shot(page, 'review-locked');
    await logout(page);

    // The clerk can no longer save: no button, and the server refuses in Chinese.
    await loginAs(page, 'rv_clerk');
    await page.goto(`${BASE}/#/review?year=${YEAR}`);
    await page.waitForSelector('[data-test=review-locked]');
    assert.equal(await page.locator('[data-test=review-save]').count(), 0);
    assert.match(await page.locator('[data-test=review-locked]').innerText(), /已由市局审核锁定/);
    const refused = await page.evaluate(async ({ year, school }) => {
      const r = await fetch(`api/review/${year}/schools/${school}/values`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ values: [{ section: '', field: 'sports_ground_area', value: 1 }] }),
      });
      return { status: r.status, body: await r.json() };
    }, { year: YEAR, school: SCHOOL });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.id, 'review.locked');
    assert.match(refused.body.error.message.zh, /锁定/);
    // 401 before each login and the 409s asked for are expected.
    const real = problems.filter((p) => !/401|409/.test(p));
    assert.deepEqual(real, []);
  } finally {
    await browser.close();
  }
});
