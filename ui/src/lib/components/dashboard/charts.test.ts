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
  it('escapes user text in a tooltip (charts.ts does it without loading ECharts)', async () => {
    const methods = buildCharts(await book()).find((s) => s.id === 'methods');
    const tooltip = methods?.option.tooltip as { formatter: (p: { name: string; value: number; percent: number }) => string };
    expect(tooltip.formatter({ name: `<b>Evil & "Co"</b>'`, value: 3, percent: 50 })).toContain(
      '<b>&lt;b&gt;Evil &amp; &quot;Co&quot;&lt;/b&gt;&#39;</b>',
    );
  });

  it('renders every chart in Chinese and English', async () => {
    const d = await book();
    for (const lang of ['zh', 'en'] as const) {
      setLanguage(lang);
      const specs = buildCharts(d);
      expect(specs.map((s) => s.id)).toEqual(['funnel', 'conversions', 'methods', 'owners', 'channels', 'top', 'category', 'industry', 'product', 'productCategory', 'monthly', 'lost', 'overdue']);
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

  it('draws the funnel by who reached each step (never wider below), with now and the step conversion beside it and lost apart', () => {
    // 25 won now but only 10 at negotiation: the funnel still narrows, by reached.
    const reached = [60, 48, 40, 36, 25];
    const stages = (['initialContact', 'needsConfirmed', 'proposal', 'negotiation', 'won'] as const).map((stage, i) => ({
      stage, reached: reached[i], customers: [5, 4, 3, 10, 25][i], lost: [2, 3, 1, 7, 0][i], amountCents: 0,
    }));
    const conversions = stages.slice(1).map((s, i) => ({ from: stages[i].stage, to: s.stage, rate: s.reached / stages[i].reached }));
    const d = {
      funnel: { customers: 60, stages, conversions, won: 25, lost: 13, lostAmountCents: 1_300_000, winRate: 25 / 38, avgDaysToWon: 30 },
      activity: { total: 0, byMethod: [], byOwner: [], successful: 0, successRate: null, overdueByOwner: [], overdueTotal: 0 },
      channels: [], deals: { count: 0, amountCents: 0, topCustomers: [], byCategory: [], byIndustry: [], monthly: [] },
      lostReasons: [], afterSales: { services: 0, rated: 0, avgSatisfaction: null, openPlans: 0, overduePlans: 0 },
      products: { byProduct: [], byCategory: [] },
    } as unknown as Dashboard;
    for (const lang of ['zh', 'en'] as const) {
      setLanguage(lang);
      const spec = buildCharts(d)[0];
      const series = (spec.option as { series: { type: string; data: ({ value: number } | number)[] }[] }).series;
      const steps = series[0].data.map((p) => (typeof p === 'number' ? p : p.value));
      expect(steps).toEqual(reached);
      expect(steps.every((v, i) => i === 0 || v <= steps[i - 1])).toBe(true);
      // Lost is no step of the funnel but a bar of its own.
      expect(series.filter((x) => x.type === 'funnel').every((x) => x.data.length === 5)).toBe(true);
      const svg = render(spec.option, lang === 'en' ? 'EN' : 'ZH');
      if (lang === 'zh') {
        for (const label of ['谈判中', '当前 10 · 转化 90%', '当前 25 · 转化 69.4%', '流失 13（另计）']) expect(svg, label).toContain(label);
      } else {
        for (const label of ['Negotiation', 'now 10 · 90% from previous', 'Lost 13 (apart)']) expect(svg, label).toContain(label);
      }
      expect(spec.rows.at(-1)).toEqual([lang === 'zh' ? '流失' : 'Lost', null, 13, null, null, 1_300_000]);
    }
  });

  it('shows a share with nothing to divide as "—"', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatPercent(0.5)).toBe('50%');
  });

  it('labels a horizontal amount axis compactly, so a million and its neighbour never overlap', async () => {
    const d = await book();
    const label = (lang: 'zh' | 'en', v: number) => {
      setLanguage(lang);
      const spec = buildCharts(d).find((s) => s.id === 'product')!;
      const axis = spec.option.xAxis as { axisLabel: { formatter: (v: number) => string } };
      return axis.axisLabel.formatter(v);
    };
    expect(label('zh', 1_000_000)).toBe('100万');
    expect(label('zh', 800_000)).toBe('80万');
    expect(label('zh', 5_000)).toBe('5,000');
    expect(label('en', 1_000_000)).toBe('1M');
    expect(label('en', 800_000)).toBe('800K');
  });
});
