// How a customer's audit reads: each field under the label the forms give it (the customer
// form's for a customer, the follow-up and record forms' for theirs), values in the user's
// words (stages, categories, methods, amounts in yuan), and a line per entry.
import type { AuditEntry } from '../../bindings/AuditEntry';
import type { Stage } from '../../bindings/Stage';
import { formatDate, formatDateTime, t } from '../../i18n/index.svelte';
import type { Key } from '../../i18n/zh';
import { stageLabel } from '../../state/stages.svelte';
import { formatYuan } from '../records/records';

const CUSTOMER: Record<string, Key> = {
  kind: 'form.kind', name: 'form.name', company: 'form.company', position: 'form.position',
  department: 'form.department', phones: 'form.phones', emails: 'form.emails', address: 'form.address',
  wechatIds: 'form.wechatIds', industry: 'form.industry', companySize: 'form.companySize',
  website: 'form.website', mainBusiness: 'form.mainBusiness', source: 'form.source',
  firstContactDate: 'form.firstContactDate', firstContactBy: 'form.firstContactBy', owner: 'form.owner',
  birthday: 'form.birthday', contractExpiry: 'form.contractExpiry', notes: 'form.notes',
  contacts: 'form.section.contacts', needs: 'form.section.needs', customFields: 'form.section.custom',
  category: 'form.category', stage: 'form.stage', lostReason: 'form.lostReason', priority: 'form.priority',
  tag: 'form.section.tags',
};
const FOLLOWUP: Record<string, Key> = {
  at: 'fu.at', method: 'fu.method', contact: 'fu.contact', topic: 'fu.topic', content: 'fu.content',
  feedback: 'fu.feedback', result: 'fu.result', nextAction: 'fu.nextAction', nextAt: 'fu.nextAt',
  nextBy: 'fu.nextBy', by: 'fu.by', priority: 'fu.priority', done: 'fu.done',
};
const TASK: Record<string, Key> = {
  title: 'tasks.newTitle', due: 'tasks.due', assignee: 'tasks.assignee', doneAt: 'tasks.done', stage: 'form.stage',
};
const RECORD: Record<string, Key> = {
  source: 'records.source', need: 'records.need', budgetNote: 'records.budgetNote', intent: 'records.intent',
  stage: 'records.stage', expectedClose: 'records.expectedClose', expectedAmount: 'records.expectedAmount',
  date: 'records.dealDate', amount: 'records.amount', productOrService: 'records.product', product: 'records.product',
  paymentMethod: 'records.payment', salesperson: 'records.salesperson', notes: 'records.notes',
  opportunityId: 'records.opportunityLink', request: 'records.request', problem: 'records.problem',
  solution: 'records.solution', result: 'records.result', satisfaction: 'records.satisfaction',
  nextPlan: 'records.nextPlan', nextPlanAt: 'records.nextPlanAt',
};

/** The label of a field of `table`, as its form shows it; the raw name when no form has it. */
export function fieldLabel(table: string, field: string): string {
  const map = table === 'customers' || table === 'customer_tags' ? CUSTOMER
    : table === 'followups' ? FOLLOWUP : table === 'tasks' ? TASK : RECORD;
  const key = map[field];
  return key ? t(key) : field;
}

/** A value as the forms would show it. */
export function showValue(table: string, field: string, value: string | null): string {
  if (value === null) return field === 'owner' && table === 'customers' ? t('audit.pool') : t('audit.empty.value');
  const known = (prefix: string) => {
    const key = `${prefix}.${value}` as Key;
    const s = t(key);
    return s === key ? value : s;
  };
  if (field === 'stage' && (table === 'customers' || table === 'tasks')) return stageLabel(value as Stage);
  if (field === 'category') return known('category');
  if (field === 'priority') return known('priority');
  if (field === 'kind') return known('kind');
  if (field === 'method') return known('method');
  if (field === 'paymentMethod') return known('records.payment');
  if ((field === 'amount' || field === 'expectedAmount') && /^-?\d+$/.test(value)) return formatYuan(Number(value));
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  // A list of plain strings (phones, e-mails): joined; other JSON as it is.
  if (value.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(value);
      if (Array.isArray(list) && list.every((v) => typeof v === 'string')) return list.join('、') || t('audit.empty.value');
    } catch { /* not JSON: shown as it is */ }
  }
  return value;
}

/** Which record of the customer an entry is about, for a record's lines ("成交 · 金额"). */
function recordPrefix(table: string): string {
  return table === 'customers' || table === 'customer_tags' ? '' : `${t(`audit.of.${table}` as Key)} · `;
}

/** The entry as one line's parts: what changed (a label) and, for a field, old → new. */
export function describe(e: AuditEntry): { what: string; old: string | null; new: string | null } {
  if (e.table === 'customer_tags') {
    const tag = e.new ?? e.old ?? '';
    return { what: t(e.new !== null ? 'audit.tagAdded' : 'audit.tagRemoved', { tag }), old: null, new: null };
  }
  if (e.action === 'created') return { what: t(`audit.created.${e.table}` as Key), old: null, new: null };
  if (e.action === 'removed') {
    return { what: t('audit.removed', { what: t(`audit.of.${e.table}` as Key) }), old: null, new: null };
  }
  const field = e.field ?? '';
  if (field === 'deletedAt') return { what: recordPrefix(e.table) + t(e.new !== null ? 'audit.trashed' : 'audit.restored'), old: null, new: null };
  if (field === 'conflict') {
    return { what: recordPrefix(e.table) + t(e.new === null ? 'audit.conflictCleared' : 'audit.conflictStored'), old: null, new: null };
  }
  return {
    what: recordPrefix(e.table) + fieldLabel(e.table, field),
    old: showValue(e.table, field, e.old),
    new: showValue(e.table, field, e.new),
  };
}
