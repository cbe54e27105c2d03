// The dashboard's cards as data: for each chart its title, help text, table (columns with the
// kind of their numbers, rows of raw values) and ECharts option, all in the current language.
// The table is what the Chart/Table toggle shows and what is exported.
import type { Dashboard } from '../../bindings/Dashboard';
import type { TableCell } from '../../bindings/TableCell';
import type { TableExport } from '../../bindings/TableExport';
import { formatNumber, i18n, sourceLabel, t, type Key } from '../../i18n/index.svelte';
import { stageLabel } from '../../state/stages.svelte';
import { formatYuan } from '../records/records';
import type { ChartOption } from './echarts';

export type ColumnKind = 'text' | 'count' | 'yuan' | 'percent';
export interface Column {
  label: string;
  kind: ColumnKind;
}
/** A raw value: text, a count, cents (yuan columns), a share 0..1 (percent columns), or null. */
export type Value = string | number | null;

export type ChartId =
  | 'funnel' | 'conversions' | 'methods' | 'owners' | 'channels' | 'top'
  | 'category' | 'industry' | 'product' | 'productCategory' | 'monthly' | 'lost' | 'overdue';

export interface ChartSpec {
  id: ChartId;
  title: string;
  help: string;
  columns: Column[];
  rows: Value[][];
  /** The friendly message shown instead of the chart and table, or null when there is data. */
  empty: string | null;
  option: ChartOption;
  height?: number;
}

const COLORS = ['#2563eb', '#16a34a', '#f59e0b', '#9333ea', '#0891b2', '#ea580c', '#db2777', '#64748b', '#ca8a04', '#dc2626'];
const STAGE_COLORS: Record<string, string> = {
  initialContact: '#93c5fd', needsConfirmed: '#60a5fa', proposal: '#3b82f6',
  negotiation: '#1d4ed8', won: '#16a34a', lost: '#dc2626',
  custom1: '#0d9488', custom2: '#7c3aed', custom3: '#db2777', custom4: '#65a30d', custom5: '#0891b2', custom6: '#475569',
};

/** A share as a percentage: 0.6667 → 66.7%; nothing to divide → "—" (never NaN). */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return t('common.none');
  return new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A figure with at most one decimal: 33.5, 4; null → "—". */
export function formatDecimal(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return t('common.none');
  return new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(n);
}

/** A table cell as shown. */
export function showCell(kind: ColumnKind, v: Value): string {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return t('common.none');
  if (kind === 'text' || typeof v === 'string') return String(v);
  if (kind === 'yuan') return formatYuan(v);
  if (kind === 'percent') return formatPercent(v);
  return formatNumber(v);
}

/** A table cell as exported: numbers stay numbers (amounts in yuan, shares in percent). */
export function exportCell(kind: ColumnKind, v: Value): TableCell {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  if (kind === 'text' || typeof v === 'string') return String(v);
  if (kind === 'yuan') return v / 100;
  if (kind === 'percent') return Math.round(v * 1000) / 10;
  return v;
}

/** The card's table for `backend.exportTable`: units in the headings. */
export function exportTable(spec: Pick<ChartSpec, 'title' | 'columns' | 'rows'>): TableExport {
  const unit = (c: Column) => (c.kind === 'yuan' ? t('dashboard.unit.yuan') : c.kind === 'percent' ? t('dashboard.unit.percent') : '');
  return {
    title: spec.title,
    columns: spec.columns.map((c) => c.label + unit(c)),
    rows: spec.rows.map((r) => r.map((v, i) => exportCell(spec.columns[i].kind, v))),
  };
}

/** User text in a tooltip's HTML (what ECharts' own `format.encodeHTML` does; this module does
 *  not import ECharts, so the list and the other views load without it). */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
const yuan = (cents: number) => cents / 100;
const col = (key: Key, kind: ColumnKind): Column => ({ label: t(key), kind });
const ownerName = (o: string) => o || t('dashboard.noOwner');

/** Tooltip lines "label: value" under a heading, user text escaped. */
function tip(head: string, lines: [string, string][]): string {
  return [`<b>${esc(head)}</b>`, ...lines.map(([k, v]) => `${esc(k)}: ${esc(v)}`)].join('<br/>');
}

const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
const yuanAxis = { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v) } };
/** An amount as a short axis label — 80万 · 800K — where ticks sit side by side: "800,000" and
 * "1,000,000" written out overlap on a narrow card. Small amounts stay written out. */
function compactAmount(v: number): string {
  if (Math.abs(v) < 10_000) return formatNumber(v);
  return new Intl.NumberFormat(i18n.locale, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}
const yuanAxisAcross = { type: 'value', axisLabel: { formatter: compactAmount, hideOverlap: true } };

/** A bar chart of one count per category. */
function bars(names: string[], values: number[], series: string, color = COLORS[0], horizontal = false): ChartOption {
  const cat = { type: 'category', data: names, axisLabel: { interval: 0, hideOverlap: true } };
  const val = { type: 'value', minInterval: 1 };
  return {
    color: [color],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid,
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [{ type: 'bar', name: series, data: values, barMaxWidth: 36, label: { show: true, position: horizontal ? 'right' : 'top' } }],
  };
}

/** A pie of named values; `fmt` shows a value in the tooltip. */
function pie(data: { name: string; value: number }[], fmt: (v: number) => string): ChartOption {
  return {
    color: COLORS,
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; percent: number }) => tip(p.name, [[fmt(p.value), `${formatDecimal(p.percent)}%`]]),
    },
    legend: { type: 'scroll', bottom: 0 },
    series: [{ type: 'pie', radius: ['38%', '66%'], center: ['50%', '45%'], data, label: { formatter: '{b}' } }],
  };
}

/** The funnel: one step per stage of the ladder, as wide as the customers who reached it (so it
 *  only narrows), labelled with the customers now there and the conversion from the step before;
 *  the lost apart as a red bar under it. The table adds a row for the lost. */
function funnelSpec(funnel: Dashboard['funnel'], empty: string | null): ChartSpec {
  const stage = stageLabel;
  const steps = funnel.stages;
  const lostName = stageLabel('lost');
  // The step conversion of step i: reached(i) / reached(i - 1); none for the first.
  const stepRate = (i: number) => (i === 0 ? null : (funnel.conversions[i - 1]?.rate ?? null));
  const top = Math.max(1, steps[0]?.reached ?? 0);
  const box = { left: '3%', width: '55%', top: 8, bottom: 48 };
  const data = steps.map((s) => ({ name: stage(s.stage), value: s.reached, itemStyle: { color: STAGE_COLORS[s.stage] } }));
  const side = (i: number) => {
    const rate = stepRate(i);
    const now = t('dashboard.funnel.now', { n: formatNumber(steps[i].customers) });
    return rate === null ? now : `${now} · ${t('dashboard.funnel.step', { rate: formatPercent(rate) })}`;
  };
  const funnelSeries = { type: 'funnel', sort: 'none', ...box, gap: 2, minSize: '6%', min: 0, max: top };
  return {
    id: 'funnel', title: t('dashboard.card.funnel'), help: t('dashboard.card.funnelHelp'),
    columns: [
      col('dashboard.col.stage', 'text'), col('dashboard.col.reached', 'count'), col('dashboard.col.now', 'count'),
      col('dashboard.col.stepRate', 'percent'), col('dashboard.col.lostFrom', 'count'), col('dashboard.col.amount', 'yuan'),
    ],
    rows: [
      ...steps.map((s, i) => [stage(s.stage), s.reached, s.customers, stepRate(i), s.lost, s.amountCents]),
      [lostName, null, funnel.lost, null, null, funnel.lostAmountCents],
    ],
    empty,
    height: 330,
    option: {
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesIndex: number; dataIndex: number }) => {
          if (p.seriesIndex === 3) {
            const from = steps.filter((s) => s.lost > 0).map((s): [string, string] => [stage(s.stage), formatNumber(s.lost)]);
            return tip(lostName, [[t('dashboard.col.customers'), formatNumber(funnel.lost)], [t('dashboard.col.amount'), formatYuan(funnel.lostAmountCents)], ...from]);
          }
          const s = steps[p.dataIndex];
          return tip(stage(s.stage), [
            [t('dashboard.col.reached'), formatNumber(s.reached)],
            [t('dashboard.col.now'), formatNumber(s.customers)],
            [t('dashboard.col.stepRate'), formatPercent(stepRate(p.dataIndex))],
            [t('dashboard.col.lostFrom'), formatNumber(s.lost)],
            [t('dashboard.col.amount'), formatYuan(s.amountCents)],
          ]);
        },
      },
      // The lost bar's axes: centred under the funnel on its scale (an invisible bar before it).
      grid: { left: box.left, width: box.width, bottom: 10, height: 20 },
      xAxis: { type: 'value', min: 0, max: top, show: false },
      yAxis: { type: 'category', data: [lostName], show: false },
      series: [
        {
          ...funnelSeries, data,
          label: { position: 'inside', formatter: (p: { value: number }) => formatNumber(p.value), color: '#fff', fontWeight: 600, textShadowColor: 'rgba(0,0,0,.35)', textShadowBlur: 2 },
        },
        {
          ...funnelSeries, silent: true, tooltip: { show: false },
          data: data.map((d) => ({ ...d, itemStyle: { color: 'transparent' } })),
          label: {
            position: 'right', formatter: (p: { dataIndex: number }) => `{b|${stage(steps[p.dataIndex].stage)}}\n{s|${side(p.dataIndex)}}`,
            rich: { b: { fontWeight: 600, fontSize: 12.5, lineHeight: 17, color: '#111827' }, s: { fontSize: 11.5, lineHeight: 15, color: '#6b7280' } },
          },
          labelLine: { length: 14, lineStyle: { color: '#d1d5db' } },
        },
        { type: 'bar', stack: 'lost', silent: true, tooltip: { show: false }, itemStyle: { color: 'transparent' }, data: [(top - Math.min(top, funnel.lost)) / 2], barWidth: 18 },
        {
          type: 'bar', stack: 'lost', name: lostName, data: [funnel.lost], barWidth: 18, itemStyle: { color: STAGE_COLORS.lost, borderRadius: 3 },
          label: { show: true, position: 'right', formatter: t('dashboard.funnel.lost', { n: formatNumber(funnel.lost) }), color: '#b91c1c', fontWeight: 600 },
        },
      ],
    },
  };
}

export function buildCharts(d: Dashboard): ChartSpec[] {
  const { funnel, activity, deals } = d;
  const noCustomers = funnel.customers === 0 ? t('dashboard.cardEmpty.customers') : null;
  const noDeals = deals.count === 0 ? t('dashboard.cardEmpty.deals') : null;
  const noFollowUps = activity.total === 0 ? t('dashboard.cardEmpty.followUps') : null;
  const stage = stageLabel;
  const specs: ChartSpec[] = [];

  specs.push(funnelSpec(funnel, noCustomers));

  // Stage-to-stage conversions (shares in percent on the chart).
  const convNames = funnel.conversions.map((c) => `${stage(c.from)} → ${stage(c.to)}`);
  specs.push({
    id: 'conversions', title: t('dashboard.card.conversions'), help: t('dashboard.card.conversionsHelp'),
    columns: [col('dashboard.col.from', 'text'), col('dashboard.col.to', 'text'), col('dashboard.col.rate', 'percent')],
    rows: funnel.conversions.map((c) => [stage(c.from), stage(c.to), c.rate]),
    empty: noCustomers,
    option: {
      color: [COLORS[0]],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps: { dataIndex: number }[]) => tip(convNames[ps[0].dataIndex], [[t('dashboard.col.rate'), formatPercent(funnel.conversions[ps[0].dataIndex].rate)]]) },
      grid,
      // Two lines a label ("初步接触" / "→ 需求明确"), so neighbouring labels fit under their bars.
      xAxis: { type: 'category', data: funnel.conversions.map((c) => `${stage(c.from)}\n→ ${stage(c.to)}`), axisLabel: { interval: 0, hideOverlap: true, lineHeight: 15, width: 92, overflow: 'break' } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{
        type: 'bar', name: t('dashboard.col.rate'), barMaxWidth: 48,
        data: funnel.conversions.map((c) => (c.rate === null ? '-' : Math.round(c.rate * 1000) / 10)),
        label: { show: true, position: 'top', formatter: '{c}%' },
      }],
    },
  });

  // Follow-ups per method and per owner.
  specs.push({
    id: 'methods', title: t('dashboard.card.methods'), help: t('dashboard.card.methodsHelp'),
    columns: [col('dashboard.col.method', 'text'), col('dashboard.col.count', 'count')],
    rows: activity.byMethod.map((m) => [t(`method.${m.method}` as Key), m.count]),
    empty: noFollowUps,
    option: pie(activity.byMethod.map((m) => ({ name: t(`method.${m.method}` as Key), value: m.count })), formatNumber),
  });
  specs.push({
    id: 'owners', title: t('dashboard.card.owners'), help: t('dashboard.card.ownersHelp'),
    columns: [col('dashboard.col.owner', 'text'), col('dashboard.col.count', 'count')],
    rows: activity.byOwner.map((o) => [ownerName(o.owner), o.count]),
    empty: noFollowUps,
    option: bars(activity.byOwner.map((o) => ownerName(o.owner)), activity.byOwner.map((o) => o.count), t('dashboard.col.count'), COLORS[4]),
  });

  // Channels: customers and won per source, conversion on the right axis, amount in the tooltip.
  const source = (s: string) => (s ? sourceLabel(s) : t('dashboard.noSource'));
  specs.push({
    id: 'channels', title: t('dashboard.card.channels'), help: t('dashboard.card.channelsHelp'),
    columns: [col('dashboard.col.source', 'text'), col('dashboard.col.customers', 'count'), col('dashboard.col.won', 'count'), col('dashboard.col.rate', 'percent'), col('dashboard.col.amount', 'yuan')],
    rows: d.channels.map((c) => [source(c.source), c.customers, c.won, c.conversion, c.amountCents]),
    empty: noCustomers,
    option: {
      color: [COLORS[0], COLORS[1], COLORS[2]],
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const c = d.channels[ps[0].dataIndex];
          return tip(source(c.source), [
            [t('dashboard.col.customers'), formatNumber(c.customers)],
            [t('dashboard.col.won'), formatNumber(c.won)],
            [t('dashboard.col.rate'), formatPercent(c.conversion)],
            [t('dashboard.col.amount'), formatYuan(c.amountCents)],
          ]);
        },
      },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: d.channels.map((c) => source(c.source)), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } }],
      series: [
        { type: 'bar', name: t('dashboard.col.customers'), data: d.channels.map((c) => c.customers), barMaxWidth: 28 },
        { type: 'bar', name: t('dashboard.col.won'), data: d.channels.map((c) => c.won), barMaxWidth: 28 },
        { type: 'line', name: t('dashboard.col.rate'), yAxisIndex: 1, data: d.channels.map((c) => Math.round(c.conversion * 1000) / 10) },
      ],
    },
  });

  // Deals: top customers, per category, per industry, per month.
  const amountTip = (names: string[], rows: { amountCents: number; deals: number }[]) =>
    (ps: { dataIndex: number }[]) => tip(names[ps[0].dataIndex], [
      [t('dashboard.col.amount'), formatYuan(rows[ps[0].dataIndex].amountCents)],
      [t('dashboard.col.deals'), formatNumber(rows[ps[0].dataIndex].deals)],
    ]);
  const amountBars = (names: string[], rows: { amountCents: number; deals: number }[], color: string, horizontal: boolean): ChartOption => ({
    color: [color],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: amountTip(names, rows) },
    grid,
    xAxis: horizontal ? yuanAxisAcross : { type: 'category', data: names, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: horizontal ? { type: 'category', data: names, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } } : yuanAxis,
    series: [{ type: 'bar', name: t('dashboard.col.amount'), data: rows.map((r) => yuan(r.amountCents)), barMaxWidth: horizontal ? 18 : 40 }],
  });

  const topNames = deals.topCustomers.map((c) => c.name);
  specs.push({
    id: 'top', title: t('dashboard.card.top'), help: t('dashboard.card.topHelp'),
    columns: [col('dashboard.col.rank', 'count'), col('dashboard.col.customer', 'text'), col('dashboard.col.deals', 'count'), col('dashboard.col.amount', 'yuan')],
    rows: deals.topCustomers.map((c, i) => [i + 1, c.name, c.deals, c.amountCents]),
    empty: noDeals,
    height: Math.max(240, 40 + deals.topCustomers.length * 24),
    option: amountBars(topNames, deals.topCustomers, COLORS[0], true),
  });

  const category = (c: string | null) => (c ? t(`category.${c}` as Key) : t('dashboard.noCategory'));
  specs.push({
    id: 'category', title: t('dashboard.card.category'), help: t('dashboard.card.categoryHelp'),
    columns: [col('dashboard.col.category', 'text'), col('dashboard.col.deals', 'count'), col('dashboard.col.amount', 'yuan')],
    rows: deals.byCategory.map((c) => [category(c.category), c.deals, c.amountCents]),
    empty: noDeals,
    option: pie(deals.byCategory.map((c) => ({ name: category(c.category), value: yuan(c.amountCents) })), (v) => formatYuan(Math.round(v * 100))),
  });

  const industry = (s: string) => s || t('dashboard.noIndustry');
  const industryNames = deals.byIndustry.map((r) => industry(r.industry));
  specs.push({
    id: 'industry', title: t('dashboard.card.industry'), help: t('dashboard.card.industryHelp'),
    columns: [col('dashboard.col.industry', 'text'), col('dashboard.col.deals', 'count'), col('dashboard.col.amount', 'yuan')],
    rows: deals.byIndustry.map((r) => [industry(r.industry), r.deals, r.amountCents]),
    empty: noDeals,
    option: amountBars(industryNames, deals.byIndustry, COLORS[3], false),
  });

  // Deals by product and by product category (购买偏好); the settings' list gives categories.
  const { byProduct, byCategory: byProductCategory } = d.products;
  const product = (s: string) => s || t('dashboard.noProduct');
  const productCategory = (s: string) => s || t('dashboard.noProductCategory');
  const productNames = byProduct.map((r) => product(r.product));
  specs.push({
    id: 'product', title: t('dashboard.card.product'), help: t('dashboard.card.productHelp'),
    columns: [col('dashboard.col.product', 'text'), col('dashboard.col.productCategory', 'text'), col('dashboard.col.deals', 'count'), col('dashboard.col.amount', 'yuan')],
    rows: byProduct.map((r) => [product(r.product), productCategory(r.category), r.deals, r.amountCents]),
    empty: noDeals,
    height: Math.max(240, 40 + byProduct.length * 24),
    option: amountBars(productNames, byProduct, COLORS[4], true),
  });
  specs.push({
    id: 'productCategory', title: t('dashboard.card.productCategory'), help: t('dashboard.card.productCategoryHelp'),
    columns: [col('dashboard.col.productCategory', 'text'), col('dashboard.col.deals', 'count'), col('dashboard.col.amount', 'yuan')],
    rows: byProductCategory.map((c) => [productCategory(c.category), c.deals, c.amountCents]),
    empty: noDeals,
    option: pie(byProductCategory.map((c) => ({ name: productCategory(c.category), value: yuan(c.amountCents) })), (v) => formatYuan(Math.round(v * 100))),
  });

  const months = deals.monthly.map((m) => m.month);
  specs.push({
    id: 'monthly', title: t('dashboard.card.monthly'), help: t('dashboard.card.monthlyHelp'),
    columns: [col('dashboard.col.month', 'text'), col('dashboard.col.deals', 'count'), col('dashboard.col.amount', 'yuan')],
    rows: deals.monthly.map((m) => [m.month, m.deals, m.amountCents]),
    empty: noDeals,
    option: {
      color: [COLORS[1]],
      tooltip: { trigger: 'axis', formatter: amountTip(months, deals.monthly) },
      grid,
      xAxis: { type: 'category', data: months, boundaryGap: false },
      yAxis: yuanAxis,
      series: [{ type: 'line', name: t('dashboard.col.amount'), data: deals.monthly.map((m) => yuan(m.amountCents)), areaStyle: { opacity: 0.12 }, smooth: true }],
    },
  });

  // Lost reasons and overdue follow-ups.
  const reason = (r: string) => r || t('dashboard.noReason');
  specs.push({
    id: 'lost', title: t('dashboard.card.lost'), help: t('dashboard.card.lostHelp'),
    columns: [col('dashboard.col.reason', 'text'), col('dashboard.col.lost', 'count')],
    rows: d.lostReasons.map((r) => [reason(r.reason), r.count]),
    empty: noCustomers ?? (d.lostReasons.length === 0 ? t('dashboard.cardEmpty.lost') : null),
    option: pie(d.lostReasons.map((r) => ({ name: reason(r.reason), value: r.count })), formatNumber),
  });
  specs.push({
    id: 'overdue', title: t('dashboard.card.overdue'), help: t('dashboard.card.overdueHelp'),
    columns: [col('dashboard.col.owner', 'text'), col('dashboard.col.overdue', 'count')],
    rows: activity.overdueByOwner.map((o) => [ownerName(o.owner), o.count]),
    empty: activity.overdueTotal === 0 ? t('dashboard.cardEmpty.overdue') : null,
    option: bars(activity.overdueByOwner.map((o) => ownerName(o.owner)), activity.overdueByOwner.map((o) => o.count), t('dashboard.col.overdue'), '#dc2626'),
  });

  return specs;
}
