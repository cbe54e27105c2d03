// The 业绩 / Performance view as data: the four measured figures, how each is shown, progress
// against a target, and the table the view exports (one row per person, then the team).
import type { Performance } from '../../bindings/Performance';
import type { PerformanceRow } from '../../bindings/PerformanceRow';
import type { TableExport } from '../../bindings/TableExport';
import { formatNumber, t, type Key } from '../../i18n/index.svelte';
import { formatYuan } from '../records/records';
import { exportCell, type ColumnKind, type Value } from '../dashboard/charts';

export type Metric = 'amount' | 'deals' | 'newCustomers' | 'followUps';
export const METRICS: Metric[] = ['amount', 'deals', 'newCustomers', 'followUps'];
export const METRIC_LABEL: Record<Metric, Key> = {
  amount: 'performance.amount',
  deals: 'performance.deals',
  newCustomers: 'performance.newCustomers',
  followUps: 'performance.followUps',
};

/** A figure as shown: cents as ¥, counts as numbers. */
export function showFigure(metric: Metric, v: number): string {
  return metric === 'amount' ? formatYuan(v) : formatNumber(v);
}

/** Done against target, 0..∞ (above 1 when exceeded); null without a target. */
export function progress(done: number, target: number | null | undefined): number | null {
  if (target === null || target === undefined || target <= 0) return null;
  return done / target;
}

/** The row's name: the team row has none. */
export const personLabel = (r: PerformanceRow) => r.person || t('performance.team');

/** The view's table for `backend.exportTable`: units in the headings, amounts in yuan. */
export function performanceTable(p: Performance): TableExport {
  const unit = (kind: ColumnKind) => (kind === 'yuan' ? t('dashboard.unit.yuan') : kind === 'percent' ? t('dashboard.unit.percent') : '');
  const columns: [string, ColumnKind, (r: PerformanceRow) => Value][] = [[t('performance.person'), 'text', personLabel]];
  for (const m of METRICS) {
    const kind: ColumnKind = m === 'amount' ? 'yuan' : 'count';
    const label = t(METRIC_LABEL[m]);
    columns.push(
      [label, kind, (r) => r.current[m]],
      [`${t('performance.target')} – ${label}`, kind, (r) => r.target?.[m] ?? null],
      [`${label} – ${t('performance.achieved')}`, 'percent', (r) => progress(r.current[m], r.target?.[m])],
      [`${t('performance.lastColumn')} – ${label}`, kind, (r) => r.previous[m]],
    );
  }
  columns.push(
    [t('performance.winRate'), 'percent', (r) => r.winRate],
    [t('performance.averageDeal'), 'yuan', (r) => r.averageDeal],
    [t('performance.cycle'), 'count', (r) => (r.averageCycleDays === null ? null : Math.round(r.averageCycleDays * 10) / 10)],
  );
  const rows = [...p.rows, p.team];
  return {
    title: t('performance.sheet', { period: p.period }),
    columns: columns.map(([label, kind]) => label + unit(kind)),
    rows: rows.map((r) => columns.map(([, kind, get]) => exportCell(kind, get(r)))),
  };
}
