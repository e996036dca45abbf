// Login state (docs/api.md "账号与登录"). Login is on only when the server's
// database holds an account (docs/access.md A14); then every page needs a
// session, kept in an HttpOnly cookie the page never sees. Without login
// nothing here shows.
import { reactive } from 'vue';
import { api, ApiError } from './api.js';

export const auth = reactive({
  loaded: false,
  required: false, // the server asks for a login
  me: null, // {login, name, role, role_name, must_change_password, ...} once logged in
});

let loading = null;

/** GET /api/auth/me once (force: again); 401 means login is on and nobody is logged in. */
export function loadAuth(force = false) {
  if (!loading || force) {
    loading = api.get('auth/me').then((me) => {
      auth.required = me.login_required !== false;
      auth.me = auth.required ? me : null;
    }).catch((e) => {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      auth.required = true;
      auth.me = null;
    }).finally(() => {
      auth.loaded = true;
    });
  }
  return loading;
}

/**
 * Whether the page should offer an action (docs/api.md "Me": read, export,
 * import, …). Everything in single-user mode; otherwise what the server
 * listed for the logged-in account. Only what is shown: the server checks
 * every request itself.
 */
export function can(action) {
  if (!auth.required) return true;
  return !!auth.me?.actions?.includes(action);
}

export async function login(name, password) {
  const me = await api.post('auth/login', null, { login: name, password });
  auth.required = true;
  auth.me = me;
  return me;
}

export async function changePassword(oldPassword, newPassword) {
  auth.me = await api.post('auth/password', null, { old_password: oldPassword, new_password: newPassword });
  return auth.me;
}

export async function logout() {
  try {
    await api.post('auth/logout', null, {});
  } finally {
    auth.me = null;
  }
}
