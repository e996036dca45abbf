// Number display rules: CVs 3 decimals, indicator values 2, percents 1,
// counts and money with thousands separators. null/undefined → "—".
import { lang } from './i18n.js';

export const DASH = '—';

function ok(v) {
  return v !== null && v !== undefined && typeof v === 'number' && Number.isFinite(v);
}

function locale() {
  return lang.value === 'en' ? 'en-US' : 'zh-CN';
}

export function fixed(v, d) {
  if (!ok(v)) return DASH;
  return v.toLocaleString(locale(), { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const fmtCv = (v) => fixed(v, 3);
export const fmtVal = (v) => fixed(v, 2);

/** A share 0…1 shown as a percentage with 1 decimal (0.954 → "95.4%"). */
export function fmtPct(v, d = 1) {
  if (!ok(v)) return DASH;
  return `${fixed(v * 100, d)}%`;
}

/** Whole numbers (counts, money in 元) with thousands separators. */
export function fmtInt(v) {
  if (!ok(v)) return DASH;
  return Math.round(v).toLocaleString(locale());
}

/** Up to `max` decimals, thousands separators, no trailing zeros. */
export function fmtNum(v, max = 2) {
  if (!ok(v)) return DASH;
  return v.toLocaleString(locale(), { maximumFractionDigits: max });
}

/** A check's value: percent when check.percent, else `decimals` places. */
export function fmtCheck(v, check) {
  if (!ok(v)) return DASH;
  if (check && check.percent) return fmtPct(v, Number.isInteger(check.decimals) ? Math.max(1, check.decimals) : 1);
  const d = check && Number.isInteger(check.decimals) ? check.decimals : 2;
  return fixed(v, d);
}

/**
 * A catalog field's stored value in the unit the clerk types: stored =
 * entered × 10^pow10; ratios are shares shown as percentages.
 */
export function fieldEntered(field, stored) {
  if (!ok(stored)) return null;
  const entered = stored / Math.pow(10, field?.pow10 || 0);
  return field?.kind === 'ratio' ? entered * 100 : entered;
}

export function fieldStored(field, entered) {
  if (!ok(entered)) return null;
  const v = field?.kind === 'ratio' ? entered / 100 : entered;
  return v * Math.pow(10, field?.pow10 || 0);
}

export function fmtField(field, stored) {
  const e = fieldEntered(field, stored);
  if (e === null) return DASH;
  // A year (园舍规划设计年份) is not a count: no thousands separator.
  if (field?.kind === 'integer' && (field?.unit?.zh === '年' || /_year$/.test(field?.id || ''))) return String(Math.round(e));
  if (field?.kind === 'integer') return fmtInt(e);
  if (field?.kind === 'ratio') return `${fixed(e, 1)}`;
  return fmtNum(e, 4);
}

export function fmtDateTime(s) {
  if (!s) return DASH;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
