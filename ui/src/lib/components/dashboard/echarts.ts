// Apache ECharts, imported piece by piece (only the charts and components the dashboard draws).
// ECharts' core registers its Chinese ('ZH') and English ('EN') locales itself (see
// echarts/lib/core/locale.js), so an instance only has to be initialised with `locale`.
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Language } from '../../bindings/Language';

echarts.use([
  FunnelChart, BarChart, LineChart, PieChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent,
  CanvasRenderer,
]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;

/** ECharts' locale name for the app language. */
export function chartLocale(lang: Language): 'ZH' | 'EN' {
  return lang === 'en' ? 'EN' : 'ZH';
}

/** Whether a 2D canvas can be drawn on (not in jsdom/happy-dom tests). */
export function canvasAvailable(): boolean {
  if (typeof document === 'undefined') return false;
  try {
    return !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
}
