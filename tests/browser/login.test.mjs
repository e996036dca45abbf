// Browser test of login (docs/access.md) against a running `jiaodu serve`
// whose database has accounts (login is on, A14):
//
//   jiaodu user add zhang --role city --name 张科长 --db DB   # prints the initial password
//   BASE_URL=http://127.0.0.1:18181 LOGIN_USER=zhang LOGIN_PASSWORD=<initial> node --test login.test.mjs
//
// Skipped without LOGIN_PASSWORD (run.sh's demo database has no account:
// single-user mode, where no login shows). The page asks to log in; a wrong
// password is refused in Chinese; the initial password forces the change
// dialog; after it the user's name and the logout button are in the header
// and the overview loads; logging out returns to the login page, and the
// new password logs in again. With ADMIN_PASSWORD (the initial password
// of the account `admin`, role admin): the administrator lands on the
// accounts page, creates an account (its initial password shown once) and
// verifies the audit chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, shot } from './harness.mjs';

const USER = process.env.LOGIN_USER || 'zhang';
const INITIAL = process.env.LOGIN_PASSWORD;
const CHOSEN = 'Chosen-Passw0rd';

// Element Plus puts the data-test attribute of an el-input on its <input>.
const field = (page, name) => page.locator(`input[data-test=${name}], [data-test=${name}] input`).first();

async function logIn(page, password) {
  await page.waitForSelector('[data-test=login-page]');
  await field(page, 'login-name').fill(USER);
  await field(page, 'login-password').fill(password);
  await page.locator('[data-test=login-submit]').click();
}

test('login: refused, forced change, header, logout, login again', { skip: !INITIAL && 'LOGIN_PASSWORD not set', timeout: 120_000 }, async () => {
  const { browser, page, problems } = await openBrowser();
  try {
    await page.goto(`${BASE}/#/`);
    await page.waitForURL(/#\/login/);
    await logIn(page, 'Wrong-Passw0rd');
    assert.match(await page.locator('[data-test=login-error]').innerText(), /登录名或密码错误/);

    await logIn(page, INITIAL);
    await page.waitForSelector('[data-test=change-password]');
    await shot(page, 'login-forced-change');
    await field(page, 'old-password').fill(INITIAL);
    await field(page, 'new-password').fill(CHOSEN);
    await field(page, 'repeat-password').fill(CHOSEN);
    await page.locator('[data-test=change-submit]').click();
    await page.waitForSelector('[data-test=change-password]', { state: 'hidden' });
    assert.match(await page.locator('[data-test=user-name]').innerText(), /市局/);
    await page.waitForSelector('[data-test=nav-overview]');
    await page.waitForSelector('.el-skeleton', { state: 'detached' });
    // 市局 imports for the whole city: the menu offers it.
    assert.equal(await page.locator('[data-test=nav-import]').count(), 1);
    await shot(page, 'login-overview');

    await page.locator('[data-test=logout]').click();
    await page.waitForURL(/#\/login/);
    await logIn(page, CHOSEN);
    await page.waitForSelector('[data-test=user-box]');
    const me = await page.evaluate(async () => (await fetch('api/auth/me')).json());
    assert.equal(me.login, USER);
    assert.equal(me.must_change_password, false);
    // 401s are expected on the way (before login); nothing else may go wrong.
    const real = problems.filter((p) => !/401|409/.test(p));
    assert.deepEqual(real, []);
  } finally {
    await browser.close();
  }
});

test('administrator: accounts page, new account, audit chain verified', { skip: !process.env.ADMIN_PASSWORD && 'ADMIN_PASSWORD not set', timeout: 120_000 }, async () => {
  const { browser, page, problems } = await openBrowser();
  try {
    await page.goto(`${BASE}/#/`);
    await page.waitForSelector('[data-test=login-page]');
    await field(page, 'login-name').fill('admin');
    await field(page, 'login-password').fill(process.env.ADMIN_PASSWORD);
    await page.locator('[data-test=login-submit]').click();
    await page.waitForSelector('[data-test=change-password]');
    await field(page, 'old-password').fill(process.env.ADMIN_PASSWORD);
    await field(page, 'new-password').fill(CHOSEN);
    await field(page, 'repeat-password').fill(CHOSEN);
    await page.locator('[data-test=change-submit]').click();
    await page.waitForURL(/#\/accounts/);
    await page.waitForSelector('[data-test=acct-table]');
    assert.match(await page.locator('[data-test=acct-table]').innerText(), /admin/);

    await page.locator('[data-test=acct-new]').click();
    await field(page, 'acct-login').fill('wang');
    await field(page, 'acct-name').fill('王督学');
    await page.locator('[data-test=acct-role]').click();
    await page.locator('.el-select-dropdown__item', { hasText: '市局' }).click();
    await page.locator('[data-test=acct-create]').click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    assert.match(await box.innerText(), /wang 的初始密码：[A-Za-z0-9]{12}/);
    await box.locator('.el-button--primary').click();
    assert.match(await page.locator('[data-test=acct-table]').innerText(), /王督学/);

    await page.locator('.el-tabs__item', { hasText: '审计日志' }).click();
    await page.locator('[data-test=audit-verify]').click();
    assert.match(await page.locator('[data-test=audit-head]').innerText(), /seq=\d+ hash=[0-9a-f]{64}/);
    assert.match(await page.locator('[data-test=audit-table]').innerText(), /account_create/);
    await shot(page, 'admin-audit');
    const real = problems.filter((p) => !/401|409/.test(p));
    assert.deepEqual(real, []);
  } finally {
    await browser.close();
  }
});
