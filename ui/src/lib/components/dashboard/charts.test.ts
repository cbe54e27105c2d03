// Every card's ECharts option really renders (server-side SVG: no canvas in tests), in both
// languages, and the tables hold what the dashboard says.
import { SVGRenderer } from 'echarts/renderers';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import type { Dashboard } from '../../bindings/Dashboard';
import { setLanguage } from '../../i18n/index.svelte';
import { emptyInput } from '../../model';
import { buildCharts, exportTable, formatPercent } from './charts';
import { echarts, type ChartOption } from './echarts';

echarts.use([SVGRenderer]);

async function book(): Promise<Dashboard> {
  const b = new FakeBackend({ customers: 40 });
  const c = await b.createCustomer({ ...emptyInput(), name: '<b>Evil & Co</b>', stage: 'won', firstContactDate: '2025-01-05', owner: '王强', source: '', industry: '' });
  await b.addDeal(c.id, { date: '2025-02-03', amount: 123_456, productOrService: 'x', paymentMethod: 'online', notes: '' });
  return b.analytics.compute({ from: '2000-01-01', to: '2025-03-31' });
}

function render(option: ChartOption, lang: 'ZH' | 'EN'): string {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 600, height: 300, locale: lang });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

afterEach(() => setLanguage('zh'));

describe('dashboard charts', () => {
  it('renders every chart in Chinese and English', async () => {
    const d = await book();
    for (const lang of ['zh', 'en'] as const) {
      setLanguage(lang);
      const specs = buildCharts(d);
      expect(specs.map((s) => s.id)).toEqual(['funnel', 'conversions', 'methods', 'owners', 'channels', 'top', 'category', 'industry', 'monthly', 'lost', 'overdue']);
      for (const s of specs) {
        const svg = render(s.option, lang === 'en' ? 'EN' : 'ZH');
        expect(svg, s.id).toContain('<svg');
        expect(svg, s.id).not.toContain('NaN');
      }
    }
    setLanguage('en');
    const funnel = render(buildCharts(d)[0].option, 'EN');
    expect(funnel).toContain('Won');
  });

  it('labels every stage-to-stage bar, on two lines, in a card-wide chart', async () => {
    const d = await book();
    for (const lang of ['zh', 'en'] as const) {
      setLanguage(lang);
      const conv = buildCharts(d).find((s) => s.id === 'conversions')!;
      // The width of a dashboard card at 1280 px (two cards a row).
      const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 460, height: 300 });
      chart.setOption(conv.option);
      const svg = chart.renderToSVGString();
      chart.dispose();
      // Every bar keeps its label (none hidden as overlapping); long names wrap.
      expect(svg.split('→').length - 1, lang).toBe(4);
      const targets = lang === 'zh' ? ['→ 需求明确', '→ 方案沟通', '→ 谈判中', '→ 成交'] : ['confirmed', '→ Proposal', '→ Negotiation', '→ Won'];
      for (const label of targets) expect(svg, label).toContain(label);
    }
  });

  it('keeps user text as text and amounts as yuan in the exported table', async () => {
    const top = buildCharts(await book()).find((s) => s.id === 'top')!;
    const t = exportTable(top);
    expect(t.columns).toEqual(['排名', '客户', '成交笔数', '金额（元）']);
    expect(t.rows).toContainEqual([1, '<b>Evil & Co</b>', 1, 1234.56]);
  });

  it('shows a share with nothing to divide as "—"', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatPercent(0.5)).toBe('50%');
  });
});
