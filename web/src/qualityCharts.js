// Shared pieces of the 质量监测 charts: colours of levels and 城乡, signed
// numbers, and the "interval as a floating bar" series pair (the ECharts
// build has bar and line charts only: a transparent bar up to the low end,
// a thin bar from low to high stacked on it, the estimate as a symbol).
import { fixed } from './format.js';

const LEVELS = ['#1d3f72', '#409eff', '#67c23a', '#e6a23c', '#f56c6c'];

/** Best level first: dark blue … red for the last (below pass). */
export function levelColor(i, n) {
  if (i === n - 1) return '#f56c6c';
  return LEVELS[Math.min(i, LEVELS.length - 2)];
}

export const LOCALE_COLORS = { 城区: '#1d3f72', 镇区: '#5b8ff9', 乡村: '#e6a23c' };

/** +1.2 / −0.4 / — */
export function signed(v, d) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v > 0 ? '+' : ''}${fixed(v, d)}`;
}

/**
 * Series for intervals: rows [{name, value, low, high, color}] in the
 * order to draw. Bars stack from the axis floor, so every value is drawn
 * shifted by `floor` and the y axis labels add it back. Returns
 * { series, yAxis, floor }.
 */
export function intervalSeries(rows, pointName) {
  const lows = rows.map((r) => (r.low == null ? r.value : r.low));
  const highs = rows.map((r) => (r.high == null ? r.value : r.high));
  const min = Math.min(...lows);
  const max = Math.max(...highs);
  const pad = Math.max((max - min) * 0.05, 0.5);
  const floor = Math.floor(min - pad);
  return {
    floor,
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.ceil(max + pad) - floor,
      axisLabel: { formatter: (v) => fixed(v + floor, 0) },
    },
    series: [
      {
        name: 'base',
        type: 'bar',
        stack: 'ci',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: lows.map((l) => l - floor),
        barWidth: '40%',
        tooltip: { show: false },
      },
      {
        name: 'ci',
        type: 'bar',
        stack: 'ci',
        data: rows.map((r, i) => ({ value: highs[i] - lows[i], itemStyle: { color: r.color, opacity: 0.45 } })),
        barWidth: '40%',
        tooltip: { show: false },
      },
      {
        name: pointName,
        type: 'line',
        lineStyle: { width: 0 },
        symbol: 'rect',
        symbolSize: [10, 3],
        data: rows.map((r) => ({ value: r.value - floor, itemStyle: { color: r.color } })),
        z: 5,
      },
    ],
  };
}

/**
 * The whole option of an interval chart (school means, value-added): the
 * rows as floating bars with their estimate, a dashed line at `mean`, the
 * category labels hidden beyond 40 schools, `tooltip(row)` as HTML.
 */
export function intervalOption({ rows, pointName, mean, meanLabel, lineColor, yName, tooltip }) {
  const iv = intervalSeries(rows, pointName);
  iv.series[2].markLine = {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'dashed', color: lineColor },
    label: { formatter: meanLabel },
    data: [{ yAxis: mean - iv.floor }],
  };
  return {
    animation: false,
    grid: { left: 52, right: 72, top: 24, bottom: rows.length > 40 ? 40 : 90 },
    tooltip: { trigger: 'axis', formatter: (ps) => tooltip(rows[ps[0].dataIndex]) },
    xAxis: { type: 'category', data: rows.map((x) => x.name), axisLabel: { show: rows.length <= 40, rotate: 45, fontSize: 10 } },
    yAxis: yName ? { ...iv.yAxis, name: yName } : iv.yAxis,
    series: iv.series,
  };
}
