// An in-memory Backend for UI tests and the `?fake` browser preview. It follows the real
// backend's rules that the UI depends on: required name, a reason for stage "lost", field paths
// like `emails[1]`, tags created by name, trash and restore, tag merge, filter/sort/page, and
// (in fakeFollowUps.ts) follow-ups, history, the agenda, snooze and suggestions.
import { DEMO_PRODUCTS, checkProducts } from './fakeProducts';
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { AppInfo } from '../bindings/AppInfo';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import type { NotificationStatus } from '../bindings/NotificationStatus';
import type { Priority } from '../bindings/Priority';
import type { Snooze } from '../bindings/Snooze';
import type { Customer } from '../bindings/Customer';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { CustomerRow } from '../bindings/CustomerRow';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { RestoreProblem } from '../bindings/RestoreProblem';
import type { DamagedBook } from '../bindings/DamagedBook';
import type { ListPage } from '../bindings/ListPage';
import type { ListQuery } from '../bindings/ListQuery';
import type { Settings } from '../bindings/Settings';
import type { Tag } from '../bindings/Tag';
import type { TeamLogin } from '../bindings/TeamLogin';
import type { TagInfo } from '../bindings/TagInfo';
import { defaultSettings } from '../model';
import { ApiError, type Backend, type NavigateTarget } from './backend';
import { demoCustomers, demoFollowUps } from './demoData';
import { keyDates } from './fakeAgendaDates';
import { complaintSection } from './fakeComplaints';
import { FakeFollowUps, fieldMessage, type FakeHost } from './fakeFollowUps';
import { FakeImport } from './fakeImport';
import { FakeRecords } from './fakeRecords';
import { FakePipeline } from './fakePipeline';
import { FakeAnalytics } from './fakeAnalytics';
import { FakePerformance } from './fakePerformance';
import { FakeOwners } from './fakeOwners';
import { FakeTasks } from './fakeTasks';
import { FakeTeam } from './fakeTeam';
import { FakeAudit } from './fakeAudit';
import { FakeTeamAssign } from './fakeTeamAssign';
import type { FakeHooks } from './fakeHooks';
import { FakeBackups } from './fakeBackups';
import { checkSettings, mergeSettingsEdit } from './fakeSettings';
import { checkMe, checkStages } from './fakeStages';
import { queryCustomers, untouchedDays, type Contacts } from './fakeQuery';
import { validateCustomer } from './fakeValidate';

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

const READS = new Set<keyof Backend>([
  'appInfo', 'listCustomers', 'getCustomer', 'listTrash', 'listOwners', 'listTags', 'getSettings',
  'customerTimeline', 'suggestFollowUp', 'getAgenda', 'notificationStatus', 'onNavigate', 'onAgendaChanged', 'pickImportFile', 'openImport', 'previewImport', 'saveImportErrors', 'listImports', 'onImportProgress', 'onFileDrop', 'exportCustomers', 'listBackups', 'pickBackup', 'backupStatus', 'pickBackupFolder', 'onBackupStatus',
  'customerTasks', 'taskFigures',
  'pipelineBoard', 'pipelineColumn', 'dashboard', 'exportTable', 'ownerList', 'performance',
  'teamInfo', 'teamTestConnection', 'onSyncStatus', 'teamCustomerAudit', 'dealConflicts', 'onTeamMe',
  'teamPeople',
]);

/** Calls that work on the start-up screen (the book did not open). */
const STARTUP_CALLS = new Set<keyof Backend>([
  'appInfo', 'finishRestore', 'rollBackRestore', 'restartApp', 'listBackups', 'restoreDamagedBook',
]);

export interface Call {
  method: keyof Backend;
  args: unknown[];
}

export interface FakeOptions {
  settings?: Partial<Settings>;
  startupError?: ErrorPayload | null;
  /** With `startupError`: a restore that did not finish (the screen's choices). */
  restoreProblem?: RestoreProblem | null;
  /** With `startupError`: the book is there but cannot be read (the screen lists the backups). */
  damagedBook?: DamagedBook | null;
  /** Every write fails with this (a full disk: `notSaved`, then `readOnly`). */
  saveFailure?: ErrorPayload | null;
  /** Number of demo customers to start with (the first open ones get demo follow-ups). */
  customers?: number;
  /** The clock of follow-ups and the agenda (default: the real time). */
  now?: () => Date;
  notifications?: NotificationStatus;
}

export class FakeBackend implements Backend {
  customers = new Map<string, Customer>();
  tags = new Map<string, Tag>();
  settings: Settings;
  startupError: ErrorPayload | null;
  restoreProblem: RestoreProblem | null;
  damagedBook: DamagedBook | null;
  saveFailure: ErrorPayload | null;
  /** Every call made, in order, for tests to assert on. */
  calls: Call[] = [];
  private seq = 0;
  /** The last query's sorted matches (without paging), so scrolling a big book stays fast. */
  private listCache: { key: string; total: number; rows: Customer[]; contacts: Contacts } | null = null;
  private clock = Date.UTC(2025, 0, 1);
  readonly followUps: FakeFollowUps;
  readonly records: FakeRecords;
  notifications: NotificationStatus;
  private navigateHandlers = new Set<(target: NavigateTarget) => void>();
  private agendaHandlers = new Set<() => void>();

  constructor(opts: FakeOptions = {}) {
    this.settings = { ...defaultSettings(), ...opts.settings };
    this.startupError = opts.startupError ?? null;
    this.restoreProblem = opts.restoreProblem ?? null;
    this.damagedBook = opts.damagedBook ?? null;
    this.saveFailure = opts.saveFailure ?? null;
    this.notifications = opts.notifications ?? { available: true, help: null };
    const clock = opts.now ?? (() => new Date());
    const backend = this;
    const host: FakeHost = {
      get settings() { return backend.settings; },
      customer: (id) => this.get(id),
      live: () => this.live(),
      id: (prefix) => this.id(prefix),
      now: clock,
      invalid: (field, reason) => this.fail('invalidField', fieldMessage(field, reason, this.settings.language), field),
      notFound: (zh, en) => this.fail('notFound', this.msg(zh, en)),
    };
    this.followUps = new FakeFollowUps(host);
    this.records = new FakeRecords(host);
    if (opts.customers) this.addDemo(opts.customers);
  }

  /** The shell asks the UI to show a view (tests trigger it). */
  emitNavigate(target: NavigateTarget): void {
    for (const h of this.navigateHandlers) h(target);
  }

  /** Reminders fired or follow-ups changed elsewhere (tests trigger it). */
  emitAgendaChanged(): void {
    for (const h of this.agendaHandlers) h();
  }

  private log(method: keyof Backend, ...args: unknown[]) {
    this.calls.push({ method, args: structuredClone(args) });
    if (!READS.has(method)) this.listCache = null;
    if (this.startupError && !STARTUP_CALLS.has(method)) throw new ApiError(this.startupError);
    if (this.saveFailure && !READS.has(method) && !STARTUP_CALLS.has(method)) {
      throw new ApiError(this.saveFailure);
    }
  }

  /** Calls of one method, newest last. */
  callsOf(method: keyof Backend): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private id(prefix: string): string {
    this.seq += 1;
    return prefix + String(this.seq).padStart(8, '0');
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private fail(code: string, message: string, field?: string): never {
    throw new ApiError({ code, message, field });
  }

  private msg(zh: string, en: string) {
    return this.settings.language === 'en' ? en : zh;
  }

  private invalid(field: string, zh: string, en: string): never {
    this.fail('invalidField', this.msg(zh, en), field);
  }

  /** Adds `count` demo customers straight into the book (no call logged). */
  addDemo(count: number): number {
    this.listCache = null;
    const added = demoCustomers(count, this.seq + 7).map((input) => this.store(null, input));
    for (const f of demoFollowUps(added, this.followUps.now().getTime(), () => this.id('f')))
      this.followUps.followUps.set(f.id, f);
    return count;
  }

  private tagByName(name: string): Tag | undefined {
    const key = name.trim().toLowerCase();
    return [...this.tags.values()].find((t) => t.name.toLowerCase() === key);
  }

  private newTag(name: string, color: string | null): Tag {
    const tag = { id: this.id('t'), name: name.trim(), color: color ?? PALETTE[this.tags.size % PALETTE.length] };
    this.tags.set(tag.id, tag);
    return tag;
  }

  private store(id: string | null, raw: CustomerInput): Customer {
    const { tags, ...fields } = validateCustomer(raw, (f, zh, en) => this.invalid(f, zh, en));
    if (!this.settings.stages.some((s) => s.stage === fields.stage)) this.invalid('stage', '阶段：不是可选的值', 'Stage is not one of the values offered');
    const tagIds: string[] = [];
    for (const name of tags) {
      if (!name.trim()) continue;
      const tag = this.tagByName(name) ?? this.newTag(name, null);
      if (!tagIds.includes(tag.id)) tagIds.push(tag.id);
    }
    const old = id ? this.customers.get(id) : undefined;
    const before = old && { stage: old.stage, category: old.category, needs: old.needs };
    const now = this.now();
    const c: Customer = {
      ...fields,
      id: id ?? this.id('c'),
      tagIds,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      deletedAt: old?.deletedAt ?? null,
    };
    this.customers.set(c.id, c);
    if (before) this.followUps.recordChanges(c, before, null);
    return structuredClone(c);
  }

  private get(id: string): Customer {
    const c = this.customers.get(id);
    if (!c) this.fail('notFound', this.msg(`该客户已不存在（${id}）。`, `This customer no longer exists (${id}).`));
    return c;
  }

  private tag(id: string): Tag {
    const t = this.tags.get(id);
    if (!t) this.fail('notFound', this.msg(`该标签已不存在（${id}）。`, `This tag no longer exists (${id}).`));
    return t;
  }

  private row(c: Customer, k: Contacts = this.contacts()): CustomerRow {
    return {
      id: c.id, kind: c.kind, name: c.name, company: c.company,
      phone: c.phones[0] ?? '', email: c.emails[0] ?? '',
      stage: c.stage, category: c.category, priority: c.priority, owner: c.owner,
      tagIds: [...c.tagIds], createdAt: c.createdAt, updatedAt: c.updatedAt, deletedAt: c.deletedAt,
      nextDue: this.followUps.nextDue(c.id),
      lastContact: k.lastContact(c.id),
      untouchedDays: untouchedDays(c, k),
    };
  }

  private contacts(): Contacts {
    const last = this.followUps.lastContacts();
    return {
      lastContact: (id) => last.get(id) ?? null,
      now: this.followUps.now(),
      untouchedDays: this.settings.untouchedDays,
    };
  }

  private live(): Customer[] {
    return [...this.customers.values()].filter((c) => !c.deletedAt);
  }

  async appInfo(): Promise<AppInfo> {
    this.log('appInfo');
    return {
      settings: structuredClone(this.settings),
      customerCount: this.live().length,
      isEmpty: this.customers.size === 0,
      dataDir: '/home/demo/.local/share/rapport',
      startupError: this.startupError,
      restoreProblem: this.restoreProblem,
      readOnly: null,
      damagedBook: this.damagedBook,
    };
  }

  async listCustomers(q: ListQuery): Promise<ListPage> {
    this.log('listCustomers', q);
    const key = JSON.stringify({ ...q, offset: 0, limit: 0 });
    if (this.listCache?.key !== key) {
      const order = this.settings.stages.map((s) => s.stage);
      const contacts = this.contacts();
      const all = queryCustomers(this.live(), { ...q, offset: 0, limit: Number.MAX_SAFE_INTEGER }, order, contacts);
      this.listCache = { key, total: all.total, rows: all.rows, contacts };
    }
    const limit = Math.min(q.limit, 1000);
    const rows = this.listCache.rows.slice(q.offset, q.offset + limit);
    const { contacts } = this.listCache;
    return { total: this.listCache.total, rows: rows.map((c) => this.row(c, contacts)) };
  }

  async getCustomer(id: string) {
    this.log('getCustomer', id);
    return structuredClone(this.get(id));
  }

  async createCustomer(input: CustomerInput) {
    this.log('createCustomer', input);
    return this.store(null, input);
  }

  async updateCustomer(id: string, input: CustomerInput, base?: CustomerInput) {
    this.log('updateCustomer', id, input);
    const current = this.get(id);
    return this.store(id, base ? this.mergeEdit(current, input, base) : input);
  }

  /** As the store's edit merge: what the form changed since `base`, the rest as stored now. */
  private mergeEdit(current: Customer, input: CustomerInput, base: CustomerInput): CustomerInput {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const merged: Record<string, unknown> = {};
    const now = current as unknown as Record<string, unknown>;
    const was = base as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(input)) {
      if (key === 'tags') continue;
      merged[key] = same(value, was[key]) ? structuredClone(now[key]) : value;
    }
    const tags = same(input.tags, base.tags)
      ? current.tagIds.map((t) => this.tags.get(t)?.name ?? '').filter((n) => n)
      : input.tags;
    return { ...(merged as unknown as CustomerInput), tags };
  }

  async trashCustomer(id: string) {
    this.log('trashCustomer', id);
    this.get(id).deletedAt = this.now();
    return null;
  }

  async restoreCustomer(id: string) {
    this.log('restoreCustomer', id);
    const c = this.get(id);
    c.deletedAt = null;
    return structuredClone(c);
  }

  async purgeCustomer(id: string) {
    this.log('purgeCustomer', id);
    this.get(id);
    this.customers.delete(id);
    this.followUps.forget(id);
    this.records.forget(id);
    return null;
  }

  async emptyTrash() {
    this.log('emptyTrash');
    const gone = [...this.customers.values()].filter((c) => c.deletedAt);
    gone.forEach((c) => {
      this.customers.delete(c.id);
      this.followUps.forget(c.id);
      this.records.forget(c.id);
    });
    return gone.length;
  }

  async listTrash() {
    this.log('listTrash');
    const k = this.contacts();
    return [...this.customers.values()]
      .filter((c) => c.deletedAt)
      .sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''))
      .map((c) => this.row(c, k));
  }

  async listOwners() {
    this.log('listOwners');
    return [...new Set(this.live().map((c) => c.owner).filter(Boolean))].sort();
  }

  async listTags(): Promise<TagInfo[]> {
    this.log('listTags');
    return [...this.tags.values()]
      .map((t) => ({ ...t, customerCount: this.live().filter((c) => c.tagIds.includes(t.id)).length }))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  private checkName(name: string, except?: string) {
    if (!name.trim()) this.invalid('name', '名称不能为空', 'Name is required');
    const clash = this.tagByName(name);
    if (clash && clash.id !== except)
      this.fail('tagNameTaken', this.msg(`已有名为“${name.trim()}”的标签，请改用合并。`, `A tag named “${name.trim()}” already exists. Merge the two tags instead.`), 'name');
  }

  async createTag(name: string, color: string | null) {
    this.log('createTag', name, color);
    this.checkName(name);
    return { ...this.newTag(name, color) };
  }

  async renameTag(id: string, name: string) {
    this.log('renameTag', id, name);
    const t = this.tag(id);
    this.checkName(name, id);
    t.name = name.trim();
    return { ...t };
  }

  async recolorTag(id: string, color: string) {
    this.log('recolorTag', id, color);
    const t = this.tag(id);
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) this.invalid('color', '颜色无效', 'Colour must be like #3b82f6');
    t.color = color;
    return { ...t };
  }

  async mergeTags(from: string, into: string) {
    this.log('mergeTags', from, into);
    this.tag(from);
    const kept = this.tag(into);
    if (from === into) this.invalid('into', '不能合并到自身', 'Cannot merge a tag into itself');
    for (const c of this.customers.values()) {
      if (!c.tagIds.includes(from)) continue;
      c.tagIds = c.tagIds.filter((t) => t !== from);
      if (!c.tagIds.includes(into)) c.tagIds.push(into);
    }
    this.tags.delete(from);
    return { ...kept };
  }

  async deleteTag(id: string) {
    this.log('deleteTag', id);
    this.tag(id);
    for (const c of this.customers.values()) c.tagIds = c.tagIds.filter((t) => t !== id);
    this.tags.delete(id);
    return null;
  }

  async getSettings() {
    this.log('getSettings');
    return structuredClone(this.settings);
  }

  async saveSettings(settings: Settings, opened?: Settings) {
    this.log('saveSettings', settings);
    const edited = opened ? (mergeSettingsEdit(this.settings, opened, settings) as Settings) : settings;
    const s = checkSettings(structuredClone(edited), (field, zh, en) => this.invalid(field, zh, en));
    s.products = checkProducts(s.products, (field, zh, en) => this.invalid(field, zh, en));
    s.stages = checkStages(s.stages, this.settings.stages, (stage) => this.stageUse(stage), (zh, en) => this.invalid('stages', zh, en));
    this.settings = { ...s, me: checkMe(s.me, this.owners.list(), (zh, en) => this.invalid('me', zh, en)) };
    return structuredClone(this.settings);
  }

  /** Customers (trashed ones too) and opportunities at a stage. */
  private stageUse(stage: Customer['stage']): number {
    const customers = [...this.customers.values()].filter((c) => c.stage === stage).length;
    return customers + [...this.records.opportunities.values()].filter((o) => o.stage === stage).length;
  }

  async loadDemoData() {
    this.log('loadDemoData');
    if (this.team.login) {
      this.fail('demoInTeamBook', this.msg('团队客户簿不能加载示例数据：示例客户会同步给团队里的每个人。', "Sample data can't be loaded into a team book: the sample customers would be shared with everyone in the team."));
    }
    // Like the real demo: a product list joins the settings (those already listed kept).
    const listed = new Set(this.settings.products.map((p) => p.name.toLowerCase()));
    this.settings.products.push(...DEMO_PRODUCTS.filter((p) => !listed.has(p.name.toLowerCase())));
    return this.addDemo(200);
  }

  // Follow-ups, the agenda and reminders: the rules live in fakeFollowUps.ts.
  async logFollowUp(customerId: string, input: FollowUpInput) {
    this.log('logFollowUp', customerId, input);
    return this.followUps.log(customerId, input);
  }

  async updateFollowUp(id: string, input: FollowUpInput) {
    this.log('updateFollowUp', id, input);
    return this.followUps.update(id, input);
  }

  async deleteFollowUp(id: string) {
    this.log('deleteFollowUp', id);
    this.followUps.delete(id);
    return null;
  }

  async completeFollowUp(id: string) {
    this.log('completeFollowUp', id);
    return this.followUps.complete(id);
  }

  async snoozeFollowUp(id: string, snooze: Snooze) {
    this.log('snoozeFollowUp', id, snooze);
    return this.followUps.snooze(id, snooze);
  }

  async customerTimeline(customerId: string) {
    this.log('customerTimeline', customerId);
    return this.followUps.timeline(customerId, this.records.entries(customerId));
  }

  async suggestFollowUp(customerId: string, priority: Priority | null) {
    this.log('suggestFollowUp', customerId, priority);
    return this.followUps.suggest(customerId, priority);
  }

  async getAgenda(query: AgendaQuery) {
    this.log('getAgenda', query);
    return {
      ...this.followUps.agenda(query),
      servicePlans: this.records.servicePlans(query),
      keyDates: keyDates(this.live(), query, this.followUps.now()),
      complaints: complaintSection([...this.records.services.values()], this.live(), query, this.followUps.now()),
      tasks: this.tasks.section(query),
    };
  }

  async notificationStatus() {
    this.log('notificationStatus');
    return structuredClone(this.notifications);
  }

  async dismissNotificationHelp() {
    this.log('dismissNotificationHelp');
    this.notifications.help = null;
    return null;
  }

  async onNavigate(handler: (target: NavigateTarget) => void) {
    this.log('onNavigate');
    this.navigateHandlers.add(handler);
    return () => void this.navigateHandlers.delete(handler);
  }

  async onAgendaChanged(handler: () => void) {
    this.log('onAgendaChanged');
    this.agendaHandlers.add(handler);
    return () => void this.agendaHandlers.delete(handler);
  }

  // Export and backups: the fake "dialogs" and backup list live in fakeBackups.ts.
  readonly backups = new FakeBackups({
    customers: () => this.live().length, followUps: () => this.followUps.followUps.size,
    language: () => this.settings.language, now: () => this.followUps.now(),
  });
  async exportCustomers(...a: Parameters<Backend['exportCustomers']>) { this.log('exportCustomers', ...a); return this.backups.exportCustomers(...a); }
  async listBackups() { this.log('listBackups'); return this.backups.listBackups(); }
  async backupNow() { this.log('backupNow'); return this.backups.backupNow(); }
  async pickBackup() { this.log('pickBackup'); return this.backups.pickBackup(); }
  async restoreBackup(...a: Parameters<Backend['restoreBackup']>) { this.log('restoreBackup', ...a); return this.backups.restoreBackup(...a); }
  async backupStatus() { this.log('backupStatus'); return this.backups.backupStatus(); }
  async setBackupPassword(password: string | null) { this.log('setBackupPassword', password); return this.backups.setBackupPassword(password); }
  async pickBackupFolder() { this.log('pickBackupFolder'); return this.backups.folderPick; }
  async onBackupStatus(handler: () => void) {
    this.log('onBackupStatus');
    return this.backups.onStatus(handler);
  }
  // The shell restarts after these; the fake only records them.
  async finishRestore() { this.log('finishRestore'); }
  async rollBackRestore() { this.log('rollBackRestore'); }
  async restoreDamagedBook(fileName: string, password?: string | null) {
    this.log('restoreDamagedBook', fileName);
    return this.backups.restoreDamaged(fileName, this.damagedBook !== null, password ?? null);
  }
  async restartApp() { this.log('restartApp'); }

  // Opportunities, deals and after-sales records: the rules live in fakeRecords.ts.
  async addOpportunity(...a: Parameters<Backend['addOpportunity']>) { this.log('addOpportunity', ...a); return this.records.saveOpportunity(a[0], null, a[1]); }
  async updateOpportunity(...a: Parameters<Backend['updateOpportunity']>) { this.log('updateOpportunity', ...a); return this.records.saveOpportunity(null, ...a); }
  async deleteOpportunity(id: string) { this.log('deleteOpportunity', id); this.records.deleteOpportunity(id); return null; }
  async addDeal(...a: Parameters<Backend['addDeal']>) { this.log('addDeal', ...a); return this.records.saveDeal(a[0], null, a[1]); }
  async updateDeal(...a: Parameters<Backend['updateDeal']>) { this.log('updateDeal', ...a); return this.records.saveDeal(null, ...a); }
  async deleteDeal(id: string) { this.log('deleteDeal', id); this.records.deleteDeal(id); return null; }
  async resolveDealConflict(id: string, takeOther: boolean) { this.log('resolveDealConflict', id, takeOther); return this.records.resolveDealConflict(id, takeOther); }
  async addService(...a: Parameters<Backend['addService']>) { this.log('addService', ...a); return this.records.saveService(a[0], null, a[1]); }
  async updateService(...a: Parameters<Backend['updateService']>) { this.log('updateService', ...a); return this.records.saveService(null, ...a); }
  async deleteService(id: string) { this.log('deleteService', id); this.records.deleteService(id); return null; }

  // Import: the fake lives in fakeImport.ts (bound methods that log their calls like these).
  readonly imports = new FakeImport(this, {
    log: (m, ...a) => this.log(m, ...a), id: (prefix) => this.id(prefix), create: (input) => this.store(null, input),
    tagId: (name) => (this.tagByName(name) ?? this.newTag(name, null)).id, changed: () => void (this.listCache = null),
  });
  pickImportFile = this.imports.pickImportFile; openImport = this.imports.openImport; previewImport = this.imports.previewImport;
  saveImportErrors = this.imports.saveImportErrors; runImport = this.imports.runImport; cancelImport = this.imports.cancelImport;
  closeImport = this.imports.closeImport; listImports = this.imports.listImports; undoImport = this.imports.undoImport;
  onImportProgress = this.imports.onImportProgress; onFileDrop = this.imports.onFileDrop;

  // Pipeline, analytics, owners: each in its own module, sharing these hooks.
  private readonly hooks: FakeHooks = {
    log: (m, ...a) => this.log(m, ...a), changed: () => void (this.listCache = null),
    id: (prefix) => this.id(prefix), now: () => this.now(),
  };
  readonly pipeline = new FakePipeline(this, this.hooks);
  pipelineBoard = this.pipeline.pipelineBoard; pipelineColumn = this.pipeline.pipelineColumn; moveStage = this.pipeline.moveStage;
  readonly analytics = new FakeAnalytics(this, this.hooks);
  dashboard = this.analytics.dashboard; exportTable = this.analytics.exportTable;
  readonly owners = new FakeOwners(this, this.hooks);
  ownerList = this.owners.ownerList; setOwnerArchived = this.owners.setOwnerArchived; handOver = this.owners.handOver;
  readonly tasks = new FakeTasks(this, this.hooks);
  customerTasks = this.tasks.customerTasks; addTask = this.tasks.addTask; updateTask = this.tasks.updateTask;
  taskFigures = this.tasks.taskFigures;
  readonly targets = new FakePerformance(this, this.hooks);
  performance = this.targets.performance; saveTargets = this.targets.saveTargets;
  readonly team = new FakeTeam(this.hooks, () => this.settings.language);
  teamInfo = this.team.teamInfo; teamTestConnection = this.team.teamTestConnection; teamCreate = this.team.teamCreate;
  teamJoinPreview = (login: TeamLogin) => this.team.teamJoinPreview(login, this.live().map((c) => c.name));
  teamRefused = this.team.teamRefused; teamRetryRefused = this.team.teamRetryRefused; teamDismissRefused = this.team.teamDismissRefused;
  teamJoin = this.team.teamJoin; teamAddPerson = this.team.teamAddPerson; teamLeave = this.team.teamLeave;
  onSyncStatus = this.team.onSyncStatus;
  readonly audit = new FakeAudit(this.hooks, () => this.settings.language, { customers: this.customers, deals: () => this.records.deals, isTeam: () => this.team.login !== null });
  teamCustomerAudit = this.audit.teamCustomerAudit; dealConflicts = this.audit.dealConflicts;
  onTeamMe = this.team.onTeamMe; teamSetPoolReturn = this.team.teamSetPoolReturn;
  teamClaim = (id: string) => this.team.teamClaim(id, this.customers);
  readonly assign = new FakeTeamAssign(this, this.hooks, () => this.settings.language);
  teamPeople = this.assign.teamPeople; teamAssign = this.assign.teamAssign;
}
