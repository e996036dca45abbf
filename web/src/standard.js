// What a standard judges, read from GET /api/standards/{id}: the parts it
// has (items, vetoes), whether schools are judged one by one, the CV limits
// and the composite limit. Pages use these instead of assuming the 2017 rules.

const ALL_PARTS = ['resource', 'government', 'quality', 'recognition', 'veto'];
const PART_ORDER = ['resource', 'coverage', 'government', 'quality', 'recognition', 'veto'];

/**
 * The county parts the standard evaluates, in report order (the 2017 five
 * when unknown). The standard's own `parts` list is authoritative: the 2020
 * 普及普惠 standard starts with 普及普惠水平 (coverage) and has no 资源配置.
 */
export function activeParts(std) {
  if (!std) return ALL_PARTS;
  if (Array.isArray(std.parts) && std.parts.length) return std.parts.map((p) => p.key);
  const set = new Set(['resource']);
  for (const it of std.items || []) set.add(it.part);
  if ((std.vetoes || []).length) set.add('veto');
  const rank = (p) => (PART_ORDER.includes(p) ? PART_ORDER.indexOf(p) : PART_ORDER.length);
  return [...set].sort((a, b) => rank(a) - rank(b));
}

/** Whether each school section is judged (6 of 7 …); false for the 2012 monitoring. */
export function hasSchoolRule(std) {
  if (!std) return true;
  return std.resource?.school_rule !== false;
}

/** The per-stage composite limit, or null. */
export function compositeLimit(std, stage) {
  const v = std?.resource?.composite_limit?.[stage];
  return typeof v === 'number' ? v : null;
}

/** The per-stage single-CV limit, or null. */
export function cvLimit(std, stage) {
  const v = std?.resource?.cv_limit?.[stage];
  return typeof v === 'number' ? v : null;
}

/**
 * A value of a variant's `changes` list as written in the TOML
 * ('text', "text", 6000, ["a", "b"]): strings lose their quotes for display.
 */
export function changeValue(v) {
  if (v == null) return '';
  const s = String(v).trim();
  if (s.length >= 2 && ((s[0] === "'" && s.endsWith("'")) || (s[0] === '"' && s.endsWith('"')))) {
    return s.slice(1, -1);
  }
  return s;
}

/** A part's name as the standard words it ({zh, en}), or null. */
export function partName(std, key) {
  const p = (std?.parts || []).find((x) => x.key === key);
  return p?.name || null;
}

/** Whether the standard computes 校际差异系数 at all ([resource] cv = false: no). */
export function computesCv(std) {
  if (!std) return true;
  return std.resource?.compute_cv !== false;
}

/** What the standard evaluates one by one: {zh: 学校|幼儿园, en}. */
export function memberNoun(std) {
  const n = std?.member_noun;
  if (n && (n.zh || n.en)) return n;
  return { zh: '学校', en: 'school' };
}

/** Whether the standard reads the preschool data set (幼儿园, 在园幼儿). */
export function isPreschool(std) {
  if (!std) return false;
  if (std.dataset) return std.dataset === 'preschool';
  return (std.stages || []).some((s) => s.stage === 'preschool');
}

/**
 * The headline county rates of a standard: the county-scope checks of its
 * 普及普惠水平 (coverage) items, e.g. P1 毛入园率 ≥ 85%, P2 普惠覆盖率 ≥ 80%,
 * P3 公办占比 ≥ 50%. Each: {item, check (index), label, threshold, op_symbol,
 * percent}. Empty for standards without coverage items.
 */
export function headlineChecks(std) {
  const out = [];
  for (const it of std?.items || []) {
    if (it.part !== 'coverage') continue;
    (it.checks || []).forEach((c, i) => {
      if (c.scope && c.scope !== 'county') return;
      out.push({
        item: it.id,
        check: i,
        label: c.label,
        threshold: typeof c.threshold === 'number' ? c.threshold : null,
        op_symbol: c.op_symbol || '≥',
        percent: !!c.percent,
        decimals: c.decimals,
      });
    });
  }
  return out;
}

/** Whether a value meets a threshold under an operator symbol (unrounded, D2). */
export function meets(value, threshold, op) {
  if (typeof value !== 'number' || typeof threshold !== 'number') return null;
  switch (op) {
    case '≤': case '<=': return value <= threshold;
    case '<': return value < threshold;
    case '>': return value > threshold;
    case '=': case '==': return value === threshold;
    default: return value >= threshold;
  }
}
