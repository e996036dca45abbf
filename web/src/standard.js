// What a standard judges, read from GET /api/standards/{id}: the parts it
// has (items, vetoes), whether schools are judged one by one, the CV limits
// and the composite limit. Pages use these instead of assuming the 2017 rules.

const ALL_PARTS = ['resource', 'government', 'quality', 'recognition', 'veto'];
const PART_ORDER = ['resource', 'coverage', 'government', 'quality', 'recognition', 'veto'];

/** The county parts the standard evaluates (the 2017 five when unknown). */
export function activeParts(std) {
  if (!std) return ALL_PARTS;
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
