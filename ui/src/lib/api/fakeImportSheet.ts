// The fake import's built-in sheet — a 客户跟进记录表: one follow-up per row, 杭州明远 on two
// rows, a duplicate of the first demo customer, a row without a name and an ambiguous date
// column — and its plan: rows + mapping + date order → planned customers, problems and counts.
import type { Category } from '../bindings/Category';
import type { Customer } from '../bindings/Customer';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { DateOrder } from '../bindings/DateOrder';
import type { ImportPreviewCustomer } from '../bindings/ImportPreviewCustomer';
import type { ImportRowError } from '../bindings/ImportRowError';
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
  { name: MAIN_SHEET, rows: 7, visible: true },
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
}

const digits = (s: string) => s.replace(/\D/g, '');

/** The plan of `table` read with `columns` and `order`, against the book's `live` customers. */
export function plan(table: Table, columns: Target[], order: DateOrder, lang: Language, live: Customer[]): Plan {
  const say = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const out: Plan = { rows: 0, customers: [], errors: [], invalidRows: 0 };
  const byKey = new Map<string, Planned>();
  table.rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => !c.trim())) return;
    out.rows += 1;
    const input = emptyInput();
    Object.assign(input, { phones: [], emails: [], wechatIds: [] });
    let contact = '';
    let at = null as string | null;
    let next = null as string | null;
    let content = '';
    const problems: ImportRowError[] = [];
    columns.forEach((target, c) => {
      const v = (cells[c] ?? '').trim();
      const column = table.headers[c];
      if (!v || typeof target !== 'string') return;
      if (target === 'name' || target === 'company' || target === 'owner') input[target] = v;
      else if (target === 'phones' || target === 'emails') input[target].push(v);
      else if (target === 'tags') input.tags.push(...v.split(/[;；,，、]/).map((x) => x.trim()).filter(Boolean));
      else if (target === 'contactName') contact = v;
      else if (target === 'followUpContent') content = v;
      else if (target === 'category') {
        if (CATEGORIES[v]) input.category = CATEGORIES[v];
        else problems.push({ row, column, message: say('不是可选的客户类别', 'not one of the categories') });
      } else if (target === 'followUpAt' || target === 'nextFollowUpAt') {
        const day = parseDate(v, order);
        if (!day) problems.push({ row, column, message: say('不是有效的日期', 'not a date') });
        else if (target === 'followUpAt') at = localAt(day, 10);
        else next = localAt(day, 9);
      }
    });
    if (!input.name) input.name = input.company;
    if (!input.name) problems.push({ row, column: null, message: say('名称不能为空', 'Name is required') });
    if (problems.length) {
      out.errors.push(...problems);
      out.invalidRows += 1;
      return;
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
    if (at || content) {
      p.followUps.push({ at: at ?? new Date().toISOString(), content, nextAt: next });
      p.preview.followUps += 1;
      if (next && (!p.preview.nextFollowUpAt || next < p.preview.nextFollowUpAt)) p.preview.nextFollowUpAt = next;
    }
  });
  return out;
}
