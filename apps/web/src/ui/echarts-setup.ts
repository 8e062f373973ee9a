import { BarChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, registerTheme, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_PALETTE } from './chart-palette';

/**
 * The parts of Apache ECharts the app draws with, registered once. This module is only ever
 * imported dynamically (by `EChart`), so ECharts is a chunk of its own, loaded with the first chart.
 */
use([
  LineChart,
  BarChart,
  PieChart,
  SankeyChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  SVGRenderer,
]);

function theme(dark: boolean) {
  const text = dark ? '#c9c9c9' : '#495057';
  const line = dark ? '#424242' : '#dee2e6';
  const axis = {
    axisLine: { lineStyle: { color: line } },
    axisTick: { lineStyle: { color: line } },
    axisLabel: { color: text },
    splitLine: { lineStyle: { color: line, type: 'dashed' } },
  };
  return {
    color: CHART_PALETTE,
    backgroundColor: 'transparent',
    textStyle: { color: text, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
    legend: { textStyle: { color: text }, pageTextStyle: { color: text } },
    tooltip: {
      backgroundColor: dark ? '#2e2e2e' : '#ffffff',
      borderColor: line,
      textStyle: { color: dark ? '#e9ecef' : '#212529' },
    },
    categoryAxis: axis,
    valueAxis: axis,
  };
}

registerTheme('hedgerow-light', theme(false));
registerTheme('hedgerow-dark', theme(true));

export { init };
