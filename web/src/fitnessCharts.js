// Small ECharts option builders shared by the fitness charts (trend, grades,
// ranked children): the 0–100 % axis, the dashed 优良率 target line and the
// tooltip line "rate (count/denominator)".
import { t } from './i18n.js';
import { fixed, fmtInt } from './format.js';

// A value axis from 0 to 100 %.
export function percentAxis() {
  return { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
}

// The dashed target line at `target` % on `axis` ('xAxis' or 'yAxis'), its
// label at `position`.
export function targetMarkLine(target, axis = 'yAxis', position = 'insideEndTop') {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: '#d03050', type: 'dashed', width: 2 },
    label: { formatter: `${t('fit.target.short')} ${fixed(target, 1)}%`, color: '#d03050', position },
    data: [{ [axis]: target }],
  };
}

// "52.31% (1,234/2,359)"; without the counts when `count` is null and
// `countsOptional`.
export function rateText(value, count, denom, countsOptional = false) {
  const v = value == null ? '—' : `${fixed(value, 2)}%`;
  if (countsOptional && count == null) return v;
  return `${v} (${fmtInt(count)}/${fmtInt(denom)})`;
}

// An axis tooltip: the category, then a line a series with its rate and
// counts (series data items are { value, count, denom }).
export function rateTooltip({ shadow = false, countsOptional = false } = {}) {
  return {
    trigger: 'axis',
    ...(shadow ? { axisPointer: { type: 'shadow' } } : {}),
    formatter: (ps) => [ps[0]?.axisValueLabel || '', ...ps.map((p) => {
      const d = p.data || {};
      return `${p.marker}${p.seriesName}: ${rateText(d.value, d.count, d.denom, countsOptional)}`;
    })].join('<br/>'),
  };
}

// A bar or point label: the rate with one decimal, nothing where it is null.
export const rateLabel = (p) => (p.value == null ? '' : fixed(p.value, 1));
