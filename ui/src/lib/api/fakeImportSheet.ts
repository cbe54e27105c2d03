// The fake import's built-in sheet — a 客户跟进记录表: one follow-up per row, 杭州明远 on two
// rows, a duplicate of the first demo customer, a row without a name, an ambiguous date
// column, a date without a year and one that does not exist, a totals row and a footer line —
// and its plan: rows + mapping + date order → planned customers, problems (with what the
// import does about each), skipped rows, assumed years and counts.
import type { Category } from '../bindings/Category';
import type { Customer } from '../bindings/Customer';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { DateOrder } from '../bindings/DateOrder';
import type { ImportAssumption } from '../bindings/ImportAssumption';
import type { ImportPreviewCustomer } from '../bindings/ImportPreviewCustomer';
import type { ImportRowError } from '../bindings/ImportRowError';
import type { ImportSkippedRow } from '../bindings/ImportSkippedRow';
import type { ImportSheet } from '../bindings/ImportSheet';
import type { Language } from '../bindings/Language';
import type { Target } from '../bindings/Target';
import { emptyInput } from '../model';
import { demoCustomers } from './demoData';

export interface Table {
  headers: string[];
  /** Data rows; the first is spreadsheet row 2. */
  rows: string[][];
}

export const MAIN_SHEET = '跟进记录';
export const SHEETS: ImportSheet[] = [
  { name: MAIN_SHEET, rows: 10, visible: true },
  { name: '说明', rows: 3, visible: true },
  { name: '旧数据', rows: 12, visible: false },
];

/** The first customer of a demo book (`new FakeBackend({ customers: n })`). */
const DEMO = demoCustomers(1)[0];

const LOG: Table = {
  headers: ['序号', '客户名称', '联系人', '联系电话', '邮箱', '负责人', '客户类别', '标签', '跟进日期', '跟进内容', '下次跟进日期'],
  rows: [
    ['1', '杭州明远科技有限公司', '陈静', '139 0571 0001', 'chen@mingyuan.cn', '王强', '意向客户', 'VIP；华东', '3/4/2025', '电话沟通，客户想看方案', '2025-04-10'],
    ['2', DEMO.name, '', DEMO.phones[0], '', '李娜', '优质潜在客户', '老客户', '5/3/2025', '回访，确认续约意向', ''],
    ['3', '苏州瑞丰贸易有限公司', '周敏', '138 1234 0003', '', 'Emily Chen', '准客户', '华东', '7/3/2025', '上门拜访并报价', '2025-03-20'],
    ['4', '', '赵磊', '137 1234 0004', '', '王强', '', '', '8/3/2025', '', ''],
    ['5', '深圳鼎盛电子有限公司', '', '0755-8888 1234', 'info@dingsheng.com', '张伟', '一般潜在客户', '展会2024', '11/2/2025', '展会上认识', ''],
    ['6', '杭州明远科技有限公司', '陈静', '139 0571 0001', '', '王强', '意向客户', '', '6/4/2025', '发送方案', ''],
    ['7', '南京恒通物流有限公司', '吴刚', '136 1234 0007', '', '张伟', '准客户', '', '4月8日', '电话回访', '2025/13/01'],
    ['', '合计', '', '', '', '', '', '', '', '', ''],
    ['制表人：李娜', '', '', '', '', '', '', '', '', '', ''],
  ],
};

const NOTES: Table = {
  headers: ['说明'],
  rows: [['本表由销售部维护，每周更新'], ['客户类别：准客户 / 意向客户 / 优质潜在客户 / 一般潜在客户']],
};

/** The sheet's table; `garbled` when read in the wrong encoding (every CJK character lost). */
export function sampleTable(sheet: string | null, garbled: boolean): Table {
  const table = sheet === null || sheet === MAIN_SHEET ? LOG : NOTES;
  const g = (s: string) => (garbled ? s.replace(/[^\x00-\x7f]/g, '\ufffd') : s);
  return { headers: table.headers.map(g), rows: table.rows.map((r) => r.map(g)) };
}

const KNOWN: Record<string, Target> = {
  序号: 'ignore', 客户名称: 'name', 联系人: 'contactName', 联系电话: 'phones', 邮箱: 'emails',
  负责人: 'owner', 客户类别: 'category', 标签: 'tags', 跟进日期: 'followUpAt', 跟进内容: 'followUpContent',
  下次跟进日期: 'nextFollowUpAt',
};

/** What each header maps to; unknown headers are kept as custom fields. */
export function detect(headers: string[]): Target[] {
  return headers.map((h) => KNOWN[h] ?? { custom: h });
}

const CATEGORIES: Record<string, Category> = {
  准客户: 'readyToBuy', 意向客户: 'interested', 优质潜在客户: 'goodProspect', 一般潜在客户: 'ordinaryProspect',
};

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Columns whose a/b/yyyy dates all fit both orders. */
export function ambiguousColumns(table: Table): boolean[] {
  return table.headers.map((_, c) => {
    const slashed = table.rows.map((r) => SLASHED.exec((r[c] ?? '').trim())).filter((m) => m !== null);
    return slashed.length > 0 && slashed.every((m) => Number(m[1]) <= 12 && Number(m[2]) <= 12);
  });
}

/** "YYYY-MM-DD", or null when `v` is not a date. */
function parseDate(v: string, order: DateOrder): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const s = SLASHED.exec(v);
  const [y, m, d] = iso
    ? [+iso[1], +iso[2], +iso[3]]
    : s ? (order === 'monthFirst' ? [+s[3], +s[1], +s[2]] : [+s[3], +s[2], +s[1]]) : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A local date at `hour` as an RFC 3339 instant. */
function localAt(day: string, hour: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, hour).toISOString();
}

export interface PlannedFollowUp {
  at: string;
  content: string;
  nextAt: string | null;
}

export interface Planned {
  preview: ImportPreviewCustomer;
  input: CustomerInput;
  followUps: PlannedFollowUp[];
}

export interface Plan {
  rows: number;
  customers: Planned[];
  errors: ImportRowError[];
  invalidRows: number;
  partialRows: number;
  skipped: ImportSkippedRow[];
  assumptions: ImportAssumption[];
}

const TOTALS = ['合计', '总计', '小计', '共计', '累计', 'total', 'subtotal', 'sum'];
const fold = (s: string) => s.replace(/\s/g, '').replace(/[:：]$/, '').toLowerCase();
const FOOTER = /^(制表|填表|审核|备注|说明)[^:：]{0,6}[:：]/;
const YEARLESS = /^(\d{1,2})月(\d{1,2})[日号]?$/;

/** Why a row is not data: a totals row anywhere, a footer line with nothing else. */
function skipReason(cells: string[], columns: Target[]): ImportSkippedRow['reason'] | null {
  const first = cells.find((c) => c.trim()) ?? '';
  const name = cells[columns.indexOf('name')] ?? '';
  if ([first, name].some((c) => c.trim() && TOTALS.includes(fold(c)))) return 'totals';
  if (FOOTER.test(first.trim()) && cells.filter((c) => c.trim()).length === 1) return 'footer';
  return null;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** The plan of `table` read with `columns` and `order`, against the book's `live` customers. */
export function plan(
  table: Table,
  columns: Target[],
  order: DateOrder,
  lang: Language,
  live: Customer[],
  skip = false,
): Plan {
  const say = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const out: Plan = { rows: 0, customers: [], errors: [], invalidRows: 0, partialRows: 0, skipped: [], assumptions: [] };
  const byKey = new Map<string, Planned>();
  /** The last full date seen per column, for dates typed without a year. */
  const lastYear = new Map<number, number>();
  const notDate = say('不是有效的日期', 'not a date');
  table.rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => !c.trim())) return;
    const reason = skipReason(cells, columns);
    if (reason) {
      out.skipped.push({ row, reason, label: (cells.find((c) => c.trim()) ?? '').trim() });
      return;
    }
    out.rows += 1;
    const input = emptyInput();
    Object.assign(input, { phones: [], emails: [], wechatIds: [] });
    let contact = '';
    let at = null as string | null;
    let next = null as string | null;
    let nextUnreadable = false;
    let content = '';
    const problems: ImportRowError[] = [];
    columns.forEach((target, c) => {
      const v = (cells[c] ?? '').trim();
      const column = table.headers[c];
      const problem = (message: string, outcome: ImportRowError['outcome'] = 'cellLeftEmpty') =>
        problems.push({ row, column, message: say(`“${v}”`, `“${v}”: `) + message, value: v, outcome });
      if (!v || typeof target !== 'string') return;
      if (target === 'name' || target === 'company' || target === 'owner') input[target] = v;
      else if (target === 'phones' || target === 'emails') input[target].push(v);
      else if (target === 'tags') input.tags.push(...v.split(/[;；,，、]/).map((x) => x.trim()).filter(Boolean));
      else if (target === 'contactName') contact = v;
      else if (target === 'followUpContent') content = v;
      else if (target === 'category') {
        if (CATEGORIES[v]) input.category = CATEGORIES[v];
        else problem(say('不是可选的客户类别', 'not one of the categories'));
      } else if (target === 'followUpAt' || target === 'nextFollowUpAt') {
        let day = parseDate(v, order);
        const md = YEARLESS.exec(v);
        if (!day && md) {
          const year = lastYear.get(c) ?? new Date().getFullYear();
          day = parseDate(`${year}-${md[1]}-${md[2]}`, order);
          if (day) noteYear(out, column, year, v, lang);
        } else if (day) lastYear.set(c, Number(day.slice(0, 4)));
        if (!day && target === 'followUpAt') problem(notDate, 'followUpDatedAtImport');
        else if (!day) {
          nextUnreadable = true;
          problem(notDate, 'followUpDueByPriority');
        } else if (target === 'followUpAt') at = localAt(day, 10);
        else next = localAt(day, 9);
      }
    });
    if (!input.name) input.name = input.company;
    if (!input.name) problems.push({ row, column: null, message: say('名称不能为空', 'Name is required'), value: null, outcome: 'rowLeftOut' });
    if (problems.some((p) => p.outcome === 'rowLeftOut') || (skip && problems.length)) {
      out.errors.push(...problems.map((p) => ({ ...p, outcome: 'rowLeftOut' as const })));
      out.invalidRows += 1;
      return;
    }
    if (problems.length) {
      out.errors.push(...problems);
      out.partialRows += 1;
    }
    if (contact) input.contacts = [{ name: contact, title: '', phone: '', email: '', birthday: null, role: null }];
    const key = input.phones.length ? `p:${digits(input.phones[0])}` : `n:${input.name.toLowerCase()}`;
    let p = byKey.get(key);
    if (!p) {
      const dup = live.find(
        (c) => c.name.toLowerCase() === input.name.toLowerCase() || c.phones.some((x) => input.phones.some((y) => digits(x) === digits(y))),
      );
      p = {
        input,
        followUps: [],
        preview: {
          rows: [], name: input.name, company: input.company, phones: input.phones, emails: input.emails,
          owner: input.owner, category: input.category, stage: input.stage, tags: input.tags, followUps: 0,
          nextFollowUpAt: null, duplicateOf: dup?.id ?? null, duplicateName: dup?.name ?? null,
        },
      };
      byKey.set(key, p);
      out.customers.push(p);
    } else {
      for (const e of input.emails) if (!p.input.emails.includes(e)) p.input.emails.push(e);
      for (const tag of input.tags) if (!p.input.tags.includes(tag)) p.input.tags.push(tag);
    }
    p.preview.rows.push(row);
    if (at || content || nextUnreadable) {
      p.followUps.push({ at: at ?? new Date().toISOString(), content, nextAt: next });
      p.preview.followUps += 1;
      if (next && (!p.preview.nextFollowUpAt || next < p.preview.nextFollowUpAt)) p.preview.nextFollowUpAt = next;
    }
  });
  return out;
}

/** Counts a yearless date of `column` read in `year` (the year of the rows above). */
function noteYear(out: Plan, column: string, year: number, example: string, lang: Language) {
  const a = out.assumptions.find((x) => x.column === column && x.year === year);
  if (a) a.cells += 1;
  else out.assumptions.push({ column, year, cells: 1, message: '' });
  const n = a ? a.cells : 1;
  const note = out.assumptions.find((x) => x.column === column && x.year === year)!;
  note.message =
    lang === 'en'
      ? `${n} ${n === 1 ? 'date' : 'dates'} without a year (e.g. “${example}”) read as ${year}, the year of the rows around them`
      : `${n} 个日期没有年份（如“${example}”），按 ${year} 年读取：取自相邻行的日期`;
}
