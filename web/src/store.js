// App-wide state: /api/meta, the standard and the catalog (cached), the
// selected year (kept in the URL query ?year=), the breadcrumb and the
// operator's name for edits.
import { reactive, ref, computed } from 'vue';
import { api } from './api.js';

export const state = reactive({
  meta: null,
  metaError: null,
  crumbs: [],
});

let metaPromise = null;
export function loadMeta(force = false) {
  if (!metaPromise || force) {
    metaPromise = api.get('meta').then((m) => {
      state.meta = m;
      state.metaError = null;
      return m;
    }).catch((e) => {
      state.metaError = e;
      metaPromise = null;
      throw e;
    });
  }
  return metaPromise;
}

const cache = new Map();
function cached(key, fn) {
  if (!cache.has(key)) {
    cache.set(key, fn().catch((e) => {
      cache.delete(key);
      throw e;
    }));
  }
  return cache.get(key);
}

export async function loadStandard(id) {
  const m = await loadMeta();
  const sid = id || m.default_standard || 'cn-yzjh-2017';
  return cached(`standard:${sid}`, () => api.get(`standards/${encodeURIComponent(sid)}`));
}

export async function loadCatalog(id) {
  let cid = id;
  if (!cid) {
    const s = await loadStandard();
    cid = s.catalog || 'compulsory-school-v1';
  }
  return cached(`catalog:${cid}`, () => api.get(`catalogs/${encodeURIComponent(cid)}`));
}

/** The year shown: ?year= when valid, else the latest year with data. */
export function useYear(route) {
  return computed(() => {
    const q = Number(route.query.year);
    if (Number.isInteger(q) && q > 1900) return q;
    return state.meta?.latest_year ?? null;
  });
}

export function yearLabel(y) {
  return y ? `${y}-${y + 1}学年` : '';
}

export function setCrumbs(list) {
  state.crumbs = list;
}

const savedUser = typeof localStorage !== 'undefined' ? localStorage.getItem('jiaodu.user') : '';
export const userName = ref(savedUser || '');
export function rememberUser(name) {
  userName.value = name;
  try {
    localStorage.setItem('jiaodu.user', name || '');
  } catch (e) {
    /* ignore */
  }
}
