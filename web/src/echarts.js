// ECharts, modular: only the pieces the pages use.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

export default echarts;

export const COLORS = {
  pass: '#67c23a',
  fail: '#f56c6c',
  warn: '#e6a23c',
  info: '#909399',
  primary: '#409eff',
  bar: '#5b8ff9',
  limit: '#d03050',
  composite: '#1d3f72',
};
