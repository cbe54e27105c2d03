// The fake backend's import (tests and the `?fake` preview): like the real backend it keeps
// picked and dropped paths to itself and hands out tokens; openImport takes a token (a path is
// refused) and, whatever the file, "reads" the built-in 跟进记录表 of fakeImportSheet.ts (a `.json`
// file: the same customers as a Rapport export, restored into an empty fake book or merged; a
// path containing "garbage" is refused
// like a file that is no spreadsheet); previews follow the sheet, encoding, mapping and date
// order chosen; runImport sends progress events, then really writes to the fake book and records
// the import, which undoImport takes back. The methods are bound, so FakeBackend hands them out.
import type { Customer } from '../bindings/Customer';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { DuplicatePolicy } from '../bindings/DuplicatePolicy';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportRecord } from '../bindings/ImportRecord';
import type { ImportRequest } from '../bindings/ImportRequest';
import type { PickedFile } from '../bindings/PickedFile';
import type { Target } from '../bindings/Target';
import { ApiError, type Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import { MAIN_SHEET, SHEETS, ambiguousColumns, detect, plan, sampleTable, type Planned } from './fakeImportSheet';

/** What the import needs of the fake book beyond its public fields. */
export interface ImportHost {
  log(method: keyof Backend, ...args: unknown[]): void;
  id(prefix: string): string;
  create(input: CustomerInput): Customer;
  tagId(name: string): string;
  /** The book changed behind the fake's back: forget cached list queries. */
  changed(): void;
}

const FORMATS = ['xlsx', 'xls', 'ods', 'csv', 'vcf', 'json'];
const WORKBOOKS = ['xlsx', 'xls', 'ods'];
const sameEncoding = (a: string, b: string) => {
  const n = (e: string) => (['gbk', 'gb2312', 'gb18030'].includes(e.toLowerCase()) ? 'gb18030' : e.toLowerCase());
  return n(a) === n(b);
};

interface Undo {
  added: string[];
  merged: Customer[];
  followUps: string[];
}

export class FakeImport {
  /** The path the dialog picks (null: the dialog was cancelled); the UI gets only a token. */
  nextPick: string | null = '/home/demo/Documents/客户跟进记录表.xlsx';
  /** The pause between progress events, in ms. */
  stepMs = 150;
  records: ImportRecord[] = [];
  private undos = new Map<string, Undo>();
  private file: { name: string; format: string; gbk: boolean } | null = null;
  private remembered = new Map<string, Target[]>();
  /** The choice for rows with problems, remembered with the mapping. */
  private skipRemembered = new Map<string, boolean>();
  private progress = new Set<(p: ImportProgress) => void>();
  private drops = new Set<(file: PickedFile) => void>();
  /** Picked and dropped paths by token: the backend's side, never sent to the UI. */
  private picked = new Map<string, string>();
  private tokens = 0;
  private cancelled = false;
  private held: { promise: Promise<void>; release: () => void } | null = null;

  constructor(
    private book: FakeBackend,
    private host: ImportHost,
  ) {}

  /** A file dropped on the window (tests trigger it): the UI hears of its token and name. */
  drop(path: string): void {
    const file = this.pick(path);
    for (const h of this.drops) h(file);
  }

  /** Remembers `path` as the dialog or a drop would, under a new token. */
  pick(path: string): PickedFile {
    const token = `tok${++this.tokens}-${Math.random().toString(36).slice(2, 10)}`;
    this.picked.set(token, path);
    return { token, name: path.split(/[\\/]/).pop() ?? path };
  }

  /** Holds the next run after its first progress event until the returned release (or a cancel). */
  hold(): () => void {
    let release = () => {};
    const promise = new Promise<void>((r) => (release = r));
    this.held = { promise, release };
    return release;
  }

  private say(zh: string, en: string): string {
    return this.book.settings.language === 'en' ? en : zh;
  }

  private fail(code: string, zh: string, en: string): never {
    throw new ApiError({ code, message: this.say(zh, en) });
  }

  private live(): Customer[] {
    return [...this.book.customers.values()].filter((c) => !c.deletedAt);
  }

  pickImportFile = async (): Promise<PickedFile | null> => {
    this.host.log('pickImportFile');
    return this.nextPick === null ? null : this.pick(this.nextPick);
  };

  openImport = async (token: string): Promise<ImportPreview> => {
    this.host.log('openImport', token);
    const path = this.picked.get(token);
    if (path === undefined)
      this.fail(
        'unknownFile',
        '只能导入在文件对话框中选择或拖放到窗口上的文件，请重新选择文件。',
        'Only a file chosen in the file dialog or dropped on the window can be imported; choose the file again.',
      );
    const name = path.split(/[\\/]/).pop() ?? path;
    const format = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
    if (/garbage/i.test(path) || !FORMATS.includes(format))
      this.fail(
        'notASpreadsheet',
        '无法识别该文件：它不是 Excel/WPS 表格（xlsx、xls、ods）、CSV/文本文件或 vCard。客户数据未改动。',
        'This file is not a spreadsheet (xlsx, xls, ods), a CSV/text file or a vCard. Nothing was changed.',
      );
    this.file = { name, format, gbk: /gbk/i.test(name) };
    return this.build({}).preview;
  };

  previewImport = async (options: ImportOptions): Promise<ImportPreview> => {
    this.host.log('previewImport', options);
    return this.build(options).preview;
  };

  saveImportErrors = async (): Promise<string | null> => {
    this.host.log('saveImportErrors');
    const stem = this.open().name.replace(/\.[^.]*$/, '');
    return `/home/demo/Documents/${stem}${this.say('-错误行', '-errors')}.csv`;
  };

  runImport = async (request: ImportRequest): Promise<ImportRecord> => {
    this.host.log('runImport', request);
    const { plan: p, key, columns, skip } = this.build(request.options);
    if (!p.customers.length)
      this.fail('nothingToImport', '没有可导入的有效行。请检查列的对应关系，或修正出错的行。', 'There are no valid rows to import. Check the column mapping or fix the rows listed.');
    this.cancelled = false;
    const startedAt = new Date().toISOString();
    const total = p.customers.length;
    let rows = 0;
    for (let done = 1; done <= total; done++) {
      await new Promise((r) => setTimeout(r, this.stepMs));
      if (this.cancelled) break;
      rows += p.customers[done - 1].preview.rows.length;
      const rowsPerSecond = Math.round((rows * 1000) / Math.max(1, this.stepMs * done));
      for (const h of this.progress) h({ done, total, rowsPerSecond });
      if (this.held) await this.held.promise;
      this.held = null;
    }
    if (this.cancelled) this.fail('cancelled', '已取消，客户数据未改动。', 'Cancelled; nothing was changed.');
    const record = this.commit(p.customers, request.policy, startedAt);
    this.remembered.set(key, columns);
    this.skipRemembered.set(key, skip);
    this.file = null;
    return structuredClone(record);
  };

  cancelImport = async (): Promise<null> => {
    this.host.log('cancelImport');
    this.cancelled = true;
    this.held?.release();
    return null;
  };

  closeImport = async (): Promise<null> => {
    this.host.log('closeImport');
    this.file = null;
    return null;
  };

  listImports = async (): Promise<ImportRecord[]> => {
    this.host.log('listImports');
    return structuredClone([...this.records].reverse());
  };

  undoImport = async (id: string): Promise<ImportRecord> => {
    this.host.log('undoImport', id);
    const record = this.records.find((r) => r.id === id);
    const undo = this.undos.get(id);
    if (!record || !undo) this.fail('notFound', `该导入记录已不存在（${id}）。`, `This import no longer exists (${id}).`);
    if (record.state !== 'complete') this.fail('notUndoable', '这次导入已经撤销过了。', 'This import was already undone.');
    for (const f of undo.followUps) this.book.followUps.followUps.delete(f);
    for (const c of undo.added) {
      this.book.customers.delete(c);
      this.book.followUps.forget(c);
    }
    for (const c of undo.merged) this.book.customers.set(c.id, c);
    this.host.changed();
    Object.assign(record, { state: 'undone', undoneAt: new Date().toISOString() });
    return structuredClone(record);
  };

  onImportProgress = async (handler: (p: ImportProgress) => void): Promise<() => void> => {
    this.host.log('onImportProgress');
    this.progress.add(handler);
    return () => void this.progress.delete(handler);
  };

  onFileDrop = async (handler: (file: PickedFile) => void): Promise<() => void> => {
    this.host.log('onFileDrop');
    this.drops.add(handler);
    return () => void this.drops.delete(handler);
  };

  private open() {
    return this.file ?? this.fail('noImportFile', '没有打开要导入的文件，请重新选择文件。', 'No file is open for import; choose the file again.');
  }

  /** The plan and preview of the open file with `o`'s choices (detection for the rest). */
  private build(o: ImportOptions) {
    const file = this.open();
    const sheets = WORKBOOKS.includes(file.format) ? SHEETS : [];
    const sheet = sheets.length ? (o.sheet ?? MAIN_SHEET) : null;
    if (sheet !== null && !sheets.some((s) => s.name === sheet))
      this.fail('unreadableWorkbook', `工作簿中没有名为“${sheet}”的工作表。`, `The workbook has no sheet named “${sheet}”.`);
    const detected = file.gbk ? 'GB18030' : 'UTF-8';
    const encoding = sheets.length ? null : (o.encoding ?? detected);
    const table = sampleTable(sheet, encoding !== null && !sameEncoding(encoding, detected));
    const key = table.headers.join('\t');
    const saved = this.remembered.get(key);
    const columns = o.columns?.length === table.headers.length ? o.columns : (saved ?? detect(table.headers));
    const ambiguous = ambiguousColumns(table);
    const dateOrder = o.dateOrder ?? 'monthFirst';
    const skip = o.skipProblemRows ?? this.skipRemembered.get(key) ?? false;
    const p = plan(table, columns, dateOrder, this.book.settings.language, this.live(), skip);
    const duplicates = p.customers.filter((c) => c.preview.duplicateOf).length;
    const json = file.format === 'json';
    const followUps = p.customers.reduce((n, c) => n + c.followUps.length, 0);
    const preview: ImportPreview = {
      fileName: file.name,
      format: file.format,
      sheets: structuredClone(sheets),
      sheet,
      together: [],
      encoding,
      encodingConfident: !file.gbk || o.encoding !== undefined,
      headerRow: 1,
      columns: table.headers.map((header, i) => ({
        header,
        target: structuredClone(columns[i]),
        samples: table.rows.map((r) => r[i]?.trim() ?? '').filter(Boolean).slice(0, 3),
        ambiguousDates: ambiguous[i],
      })),
      dateOrder,
      dateOrderAmbiguous: ambiguous.some(Boolean),
      mappingRemembered: !o.columns && saved !== undefined,
      counts: {
        rows: p.rows,
        newCustomers: p.customers.length - duplicates,
        duplicates,
        invalidRows: p.invalidRows,
        partialRows: p.partialRows,
        skippedRows: p.skipped.length,
        followUps: p.customers.reduce((n, c) => n + c.followUps.length, 0),
        opportunities: 0,
        deals: 0,
        services: 0,
      },
      customers: structuredClone(p.customers.slice(0, 20).map((c) => c.preview)),
      errors: structuredClone(p.errors.slice(0, 20)),
      errorsTotal: p.errors.length,
      notices: [],
      noticesTotal: 0,
      skipProblemRows: skip,
      skipped: structuredClone(p.skipped),
      assumptions: structuredClone(p.assumptions),
    };
    if (json) {
      // A JSON export has no sheet, encoding or mapping; it says what it holds and what it does.
      Object.assign(preview, {
        sheets: [], sheet: null, encoding: null, encodingConfident: true, headerRow: 0, columns: [],
        dateOrderAmbiguous: false, mappingRemembered: false, skipped: [], assumptions: [],
        book: {
          restore: this.book.customers.size === 0, version: 1, exportedAt: '2026-11-20T08:00:00Z',
          customers: p.customers.length, trashed: 0, tags: 3, followUps, opportunities: 0, deals: 0,
          services: 0, history: 2, stages: 6,
        },
      });
    }
    return { plan: p, preview, key, columns, skip };
  }

  /** Writes the planned customers and their follow-ups; the record of the import. */
  private commit(planned: Planned[], policy: DuplicatePolicy, startedAt: string): ImportRecord {
    const undo: Undo = { added: [], merged: [], followUps: [] };
    let skipped = 0;
    for (const c of planned) {
      const dup = c.preview.duplicateOf ? this.book.customers.get(c.preview.duplicateOf) : undefined;
      if (dup && policy === 'skip') {
        skipped += 1;
        continue;
      }
      let id: string;
      if (dup && policy === 'merge') {
        undo.merged.push(structuredClone(dup));
        this.merge(dup, c.input);
        id = dup.id;
      } else {
        id = this.host.create(c.input).id;
        undo.added.push(id);
      }
      for (const f of c.followUps) {
        const fid = this.host.id('f');
        const at = f.at;
        this.book.followUps.followUps.set(fid, {
          id: fid, customerId: id, at, method: 'phone', topic: '', content: f.content, feedback: '', result: '',
          nextAction: '', nextAt: f.nextAt, nextBy: '', by: c.input.owner, priority: 'medium', contact: '', done: !f.nextAt,
          createdAt: at, updatedAt: at,
        });
        undo.followUps.push(fid);
      }
    }
    this.host.changed();
    const record: ImportRecord = {
      id: this.host.id('imp'), fileName: this.open().name, startedAt, finishedAt: new Date().toISOString(),
      state: 'complete', customersAdded: undo.added.length, customersMerged: undo.merged.length,
      customersSkipped: skipped, followUpsAdded: undo.followUps.length, undoneAt: null,
      opportunitiesAdded: 0, dealsAdded: 0, servicesAdded: 0,
    };
    this.records.push(record);
    this.undos.set(record.id, undo);
    return record;
  }

  /** The merge rule: empty fields filled in, phones, e-mails and tags added. */
  private merge(c: Customer, input: CustomerInput) {
    if (!c.company) c.company = input.company;
    if (!c.owner) c.owner = input.owner;
    if (!c.category) c.category = input.category;
    for (const p of input.phones) if (!c.phones.includes(p)) c.phones.push(p);
    for (const e of input.emails) if (!c.emails.includes(e)) c.emails.push(e);
    for (const name of input.tags) {
      const tag = this.host.tagId(name);
      if (!c.tagIds.includes(tag)) c.tagIds.push(tag);
    }
    c.updatedAt = new Date().toISOString();
  }
}
