// App-wide state: /api/meta, the standards and the catalog (cached), the
// selected year and standard (kept in the URL query ?year= and ?standard=),
// the breadcrumb and the operator's name for edits.
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

/** GET /api/standards: every standard (roots and variants), cached. */
export function loadStandards() {
  return cached('standards', () => api.get('standards').then((r) => r.standards || []));
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

/**
 * The standard selected in the header: ?standard= when it names a known
 * standard, else the server's default (cn-yzjh-2017). Every evaluating API
 * call passes it; the server applies each county's chosen variant of it.
 */
export function useStandard(route) {
  return computed(() => {
    const q = route.query.standard;
    const list = state.meta?.standards || [];
    if (typeof q === 'string' && q && (!list.length || list.some((s) => s.id === q))) return q;
    return state.meta?.default_standard || 'cn-yzjh-2017';
  });
}

/** The family roots (standards without a parent), for the header selector. */
export function rootStandards() {
  return (state.meta?.standards || []).filter((s) => !s.parent);
}

/** The standards of one family (its root first, then the variants). */
export function familyStandards(id) {
  const list = state.meta?.standards || [];
  const me = list.find((s) => s.id === id);
  const fam = me?.family || id;
  return list
    .filter((s) => (s.family || s.id) === fam)
    .sort((a, b) => (a.parent ? 1 : 0) - (b.parent ? 1 : 0));
}

/** The meta entry of a standard (title, short_title, parent, family). */
export function standardInfo(id) {
  return (state.meta?.standards || []).find((s) => s.id === id) || null;
}

/** The query kept on every link: the year and the standard. */
export function useKeepQuery(route) {
  return computed(() => {
    const out = {};
    if (route.query.year) out.year = route.query.year;
    if (route.query.standard) out.standard = route.query.standard;
    return out;
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
