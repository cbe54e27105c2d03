// The one typed client of the Rust backend. This is the ONLY module of the UI that calls
// Tauri's `invoke`; everything else talks to a `Backend` (the real one below, or the fake in
// tests and in the `?fake` browser preview).
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Agenda } from '../bindings/Agenda';
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { AppInfo } from '../bindings/AppInfo';
import type { TeamMe } from '../bindings/TeamMe';
import type { FollowUp } from '../bindings/FollowUp';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import type { FollowUpSuggestion } from '../bindings/FollowUpSuggestion';
import type { NotificationStatus } from '../bindings/NotificationStatus';
import type { PickedFile } from '../bindings/PickedFile';
import type { Priority } from '../bindings/Priority';
import type { Snooze } from '../bindings/Snooze';
import type { TimelineEntry } from '../bindings/TimelineEntry';
import type { Customer } from '../bindings/Customer';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { CustomerRow } from '../bindings/CustomerRow';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { ListPage } from '../bindings/ListPage';
import type { ListQuery } from '../bindings/ListQuery';
import type { Settings } from '../bindings/Settings';
import type { Tag } from '../bindings/Tag';
import type { TagInfo } from '../bindings/TagInfo';
import type { BackupInfo } from '../bindings/BackupInfo';
import type { BackupStatus } from '../bindings/BackupStatus';
import type { DealInput } from '../bindings/DealInput';
import type { Deal } from '../bindings/Deal';
import type { DealSaved } from '../bindings/DealSaved';
import type { Opportunity } from '../bindings/Opportunity';
import type { OpportunityInput } from '../bindings/OpportunityInput';
import type { ServiceInput } from '../bindings/ServiceInput';
import type { ServiceRecord } from '../bindings/ServiceRecord';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportRecord } from '../bindings/ImportRecord';
import type { ImportRequest } from '../bindings/ImportRequest';
import type { AnalyticsQuery } from '../bindings/AnalyticsQuery';
import type { Dashboard } from '../bindings/Dashboard';
import type { TableExport } from '../bindings/TableExport';
import type { Board } from '../bindings/Board';
import type { BoardColumn } from '../bindings/BoardColumn';
import type { BoardQuery } from '../bindings/BoardQuery';
import type { Stage } from '../bindings/Stage';
import type { HandoverRequest } from '../bindings/HandoverRequest';
import type { HandoverResult } from '../bindings/HandoverResult';
import type { OwnerInfo } from '../bindings/OwnerInfo';
import type { PersonTasks } from '../bindings/PersonTasks';
import type { Task } from '../bindings/Task';
import type { TaskInput } from '../bindings/TaskInput';
import type { TaskPatch } from '../bindings/TaskPatch';
import type { Performance } from '../bindings/Performance';
import type { PerformanceQuery } from '../bindings/PerformanceQuery';
import type { SalesTarget } from '../bindings/SalesTarget';
import type { AddedPerson } from '../bindings/AddedPerson';
import type { SyncState } from '../bindings/SyncState';
import type { JoinCounts } from '../bindings/JoinCounts';
import type { RefusedChange } from '../bindings/RefusedChange';
import type { TeamInfo } from '../bindings/TeamInfo';
import type { AuditPage } from '../bindings/AuditPage';
import type { DealConflictItem } from '../bindings/DealConflictItem';
import type { TeamLogin } from '../bindings/TeamLogin';
import type { TeamPeople } from '../bindings/TeamPeople';

export interface Backend {
  appInfo(): Promise<AppInfo>;
  listCustomers(query: ListQuery): Promise<ListPage>;
  getCustomer(id: string): Promise<Customer>;
  createCustomer(input: CustomerInput): Promise<Customer>;
  /** `base`: the form as it was opened — only what the form changed is written, so an edit pulled meanwhile stays. */
  updateCustomer(id: string, input: CustomerInput, base?: CustomerInput): Promise<Customer>;
  trashCustomer(id: string): Promise<null>;
  restoreCustomer(id: string): Promise<Customer>;
  purgeCustomer(id: string): Promise<null>;
  emptyTrash(): Promise<number>;
  listTrash(): Promise<CustomerRow[]>;
  listOwners(): Promise<string[]>;
  listTags(): Promise<TagInfo[]>;
  createTag(name: string, color: string | null): Promise<Tag>;
  renameTag(id: string, name: string): Promise<Tag>;
  recolorTag(id: string, color: string): Promise<Tag>;
  mergeTags(from: string, into: string): Promise<Tag>;
  deleteTag(id: string): Promise<null>;
  getSettings(): Promise<Settings>;
  /** `opened`: the settings the form started from — only what it changed is written, so a
   * setting changed meanwhile (a pull of the team's) keeps its new value. */
  saveSettings(settings: Settings, opened?: Settings): Promise<Settings>;
  loadDemoData(): Promise<number>;
  // Follow-ups, agenda and reminders.
  logFollowUp(customerId: string, input: FollowUpInput): Promise<FollowUp>;
  updateFollowUp(id: string, input: FollowUpInput): Promise<FollowUp>;
  deleteFollowUp(id: string): Promise<null>;
  /** Marks an open follow-up done (it must have content). */
  completeFollowUp(id: string): Promise<FollowUp>;
  snoozeFollowUp(id: string, snooze: Snooze): Promise<FollowUp>;
  /** Follow-ups and stage/category changes of one customer, newest first. */
  customerTimeline(customerId: string): Promise<TimelineEntry[]>;
  /** The next follow-up the rules suggest (priority from the category unless given). */
  suggestFollowUp(customerId: string, priority: Priority | null): Promise<FollowUpSuggestion>;
  getAgenda(query: AgendaQuery): Promise<Agenda>;
  /** Whether desktop notifications reach the user, and how to enable them if not. */
  notificationStatus(): Promise<NotificationStatus>;
  /** The user has read the "how to enable notifications" hint: do not show it again. */
  dismissNotificationHelp(): Promise<null>;
  /** The shell asks the UI to show a view (a clicked notification, the tray menu). */
  onNavigate(handler: (target: NavigateTarget) => void): Promise<() => void>;
  /** Reminders fired or follow-ups changed elsewhere: views showing the agenda refetch. */
  onAgendaChanged(handler: () => void): Promise<() => void>;
  // Import, export and backups.
  /** The native open dialog; the chosen file (a token and its name: the path stays in the
   *  backend) or null when cancelled. */
  pickImportFile(): Promise<PickedFile | null>;
  /** Opens a picked or dropped file (by its token) for import and previews it with detected
   *  settings. A path is refused. */
  openImport(token: string): Promise<ImportPreview>;
  /** The preview again with the user's choices (sheet, encoding, mapping, date order). */
  previewImport(options: ImportOptions): Promise<ImportPreview>;
  /** Saves the problem rows as CSV via the native save dialog; the path or null. */
  saveImportErrors(): Promise<string | null>;
  /** Imports with the choices; progress arrives through onImportProgress. */
  runImport(request: ImportRequest): Promise<ImportRecord>;
  cancelImport(): Promise<null>;
  closeImport(): Promise<null>;
  /** Every import, newest first. */
  listImports(): Promise<ImportRecord[]>;
  undoImport(id: string): Promise<ImportRecord>;
  onImportProgress(handler: (p: ImportProgress) => void): Promise<() => void>;
  /** A file dropped on the window, for import (the backend handles the drop and keeps the
   *  path; the UI gets a token and the name). */
  onFileDrop(handler: (file: PickedFile) => void): Promise<() => void>;
  /** Asks where to save (native dialog) and exports; query null = the whole book. */
  exportCustomers(format: ExportFormat, query: ListQuery | null): Promise<string | null>;
  listBackups(): Promise<BackupInfo[]>;
  backupNow(): Promise<BackupInfo>;
  /** Picks a backup file (native dialog) and describes it (encrypted?); null when cancelled. */
  pickBackup(): Promise<BackupInfo | null>;
  /**
   * Restores `path` (or a file picked in the native dialog when no path is given), checked
   * completely — an encrypted backup with its `password` — and restarts into it; null when the
   * dialog was cancelled. Errors `backupPasswordNeeded` / `backupWrongPassword` ask again.
   */
  /** A backup picked with `pickBackup` (its `path` is a token for the file), or the dialog. */
  restoreBackup(options?: { token?: string; password?: string | null }): Promise<BackupInfo | null>;
  /** What failed since start (the banner) and whether backups are encrypted. */
  backupStatus(): Promise<BackupStatus>;
  /** Sets, changes or (null) clears the password new backups are encrypted with. */
  setBackupPassword(password: string | null): Promise<BackupStatus>;
  /** The second backup folder, picked in the native folder dialog; null when cancelled. */
  pickBackupFolder(): Promise<string | null>;
  /** A backup ran (or failed) in the background: refetch the backup status. */
  onBackupStatus(handler: () => void): Promise<() => void>;
  /** The start-up screen after a restore that did not finish: puts the backup in place, restarts. */
  finishRestore(): Promise<void>;
  /** …or brings back the book from before the restore, restarts. */
  rollBackRestore(): Promise<void>;
  /** The start-up screen of a book that will not open: restores the backup of that name from
   *  the backup folder over it (the damaged book is kept aside), restarts. */
  /** An encrypted backup needs its `password`. */
  restoreDamagedBook(fileName: string, password?: string | null): Promise<void>;
  /** Starts the app again (the read-only banner, once the disk has room again). */
  restartApp(): Promise<void>;
  // A customer's opportunities, deals and after-sales records (on its timeline).
  addOpportunity(customerId: string, input: OpportunityInput): Promise<Opportunity>;
  updateOpportunity(id: string, input: OpportunityInput): Promise<Opportunity>;
  deleteOpportunity(id: string): Promise<null>;
  /** The deal and warnings to show (e.g. dated well before the customer existed). */
  addDeal(customerId: string, input: DealInput): Promise<DealSaved>;
  updateDeal(id: string, input: DealInput): Promise<DealSaved>;
  deleteDeal(id: string): Promise<null>;
  /** A deal edited on two machines of a team book: keep its own version, or take the other. */
  resolveDealConflict(id: string, takeOther: boolean): Promise<Deal>;
  addService(customerId: string, input: ServiceInput): Promise<ServiceRecord>;
  updateService(id: string, input: ServiceInput): Promise<ServiceRecord>;
  deleteService(id: string): Promise<null>;
  // Pipeline board.
  /** The board with the first `perColumn` cards of every stage. */
  pipelineBoard(query: BoardQuery, perColumn: number): Promise<Board>;
  /** More cards of one column (scrolling down a long column). */
  pipelineColumn(query: BoardQuery, stage: Stage, offset: number, limit: number): Promise<BoardColumn>;
  /** Moves a customer to another stage (recorded in its history); 流失 needs a reason. */
  moveStage(id: string, stage: Stage, lostReason: string): Promise<Customer>;
  // Analytics.
  dashboard(query: AnalyticsQuery): Promise<Dashboard>;
  /** Saves a chart's table through the native save dialog; the path, or null when cancelled. */
  exportTable(table: TableExport, format: TableFormat): Promise<string | null>;
  // Sales targets and 业绩 / Performance.
  performance(query: PerformanceQuery): Promise<Performance>;
  /** Replaces the sales targets (checked); the saved list. */
  saveTargets(targets: SalesTarget[]): Promise<SalesTarget[]>;
  // Owners and handover.
  ownerList(): Promise<OwnerInfo[]>;
  setOwnerArchived(name: string, archived: boolean): Promise<OwnerInfo[]>;
  handOver(request: HandoverRequest): Promise<HandoverResult>;
  // Stage tasks (阶段任务): made from a stage's playbook when a customer enters it.
  /** A customer's tasks: open ones soonest due first, then the ticked ones. */
  customerTasks(customerId: string): Promise<Task[]>;
  /** Adds a task by hand at the customer's current stage (empty assignee: its owner). */
  addTask(customerId: string, input: TaskInput): Promise<Task>;
  /** Ticks or unticks, re-dates, reassigns or renames a task. */
  updateTask(id: string, patch: TaskPatch): Promise<Task>;
  /** Stage tasks per person for the dashboard. */
  taskFigures(): Promise<PersonTasks[]>;
  // Team mode (Settings → Team, the sidebar's sync status).
  teamInfo(): Promise<TeamInfo>;
  /** A sentence saying what the database holds; rejects with why it cannot connect. */
  teamTestConnection(login: TeamLogin): Promise<string>;
  /** Installs the team book on an empty database; this login becomes its first admin. */
  teamCreate(login: TeamLogin, adminName: string): Promise<TeamInfo>;
  /** What joining would do with this book (merged, uploaded, coming); changes nothing. */
  teamJoinPreview(login: TeamLogin): Promise<JoinCounts>;
  teamJoin(login: TeamLogin): Promise<TeamInfo>;
  /** Changes the team server refused for good, oldest first. */
  teamRefused(): Promise<RefusedChange[]>;
  /** Sends refused changes again; resolves to how many went back to the outbox. */
  teamRetryRefused(opIds: string[]): Promise<number>;
  /** Keeps refused changes on this computer only; resolves to how many were forgotten. */
  teamDismissRefused(opIds: string[]): Promise<number>;
  /** Admins: a new person's login and generated password (shown once). */
  teamAddPerson(name: string, role: TeamRole): Promise<AddedPerson>;
  teamLeave(): Promise<TeamInfo>;
  /** A customer's audit from the team server, newest first (`before`: an entry's id, for older ones). */
  teamCustomerAudit(customerId: string, before?: number | null): Promise<AuditPage>;
  /** The deals of this book waiting for a pick between two versions (the conflict banner). */
  dealConflicts(): Promise<DealConflictItem[]>;
  /** The sync engine's state as it changes. */
  onSyncStatus(handler: (state: SyncState) => void): Promise<() => void>;
  /** Takes a customer from the team's shared pool (公海) as mine. The server decides: a
   * colleague who was quicker rejects with `team.not_in_pool`, and nothing changed here. */
  teamClaim(id: string): Promise<void>;
  /** Managers and admins: return a customer to the pool after `days` without a follow-up
   * (null: off). Resolves to who I am with the rule as the server now holds it. */
  teamSetPoolReturn(days: number | null): Promise<TeamMe>;
  /** Who I am in the team (role, name), each time the engine connects. */
  onTeamMe(handler: (me: TeamMe) => void): Promise<() => void>;
  /** The team's people as last pulled (names offline too) and which one I am. */
  teamPeople(): Promise<TeamPeople>;
  /** Managers and admins: gives the customer to a person (`null`: the shared pool); the server decides. */
  teamAssign(customerId: string, personId: string | null): Promise<void>;
}

export type TeamRole = 'salesperson' | 'manager' | 'admin';

export type TableFormat = 'xlsx' | 'csv';

export type ExportFormat = 'xlsx' | 'csv' | 'json' | 'vcf' | 'ics';

/** Payload of the shell's `navigate` event. */
export type NavigateTarget = { view: 'agenda' } | { view: 'customer'; id: string };

/** A failed command: `message` is already in the user's language; `field` names the input. */
export class ApiError extends Error {
  readonly code: string;
  readonly field?: string;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    if (payload.field !== undefined && payload.field !== null) this.field = payload.field;
  }

  /** Whatever a command rejected with, as an ApiError. */
  static from(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (isPayload(err)) return new ApiError(err);
    const message = err instanceof Error ? err.message : String(err);
    return new ApiError({ code: 'unknown', message });
  }
}

/** Errors of a save that failed on disk: the book is read-only from then on. */
export const DISK_TROUBLE = new Set(['notSaved', 'readOnly']);

/**
 * The backend with every rejection looked at: the first save that fails on disk (disk full,
 * read-only folder) is reported, so the app can show its read-only banner.
 */
export function watchDiskTrouble(backend: Backend, report: (err: ApiError) => void): Backend {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out = value.apply(target, args);
        // Watched on a branch of its own: the caller gets the very same promise, no later.
        if (out instanceof Promise) {
          out.catch((err: unknown) => {
            const e = ApiError.from(err);
            if (DISK_TROUBLE.has(e.code)) report(e);
          });
        }
        return out;
      };
    },
  });
}

function isPayload(v: unknown): v is ErrorPayload {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ErrorPayload).code === 'string' &&
    typeof (v as ErrorPayload).message === 'string'
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!inTauri()) {
    throw new ApiError({
      code: 'noBackend',
      message:
        'Rapport’s backend is not available here: start the app, or add ?fake to the address to try the UI on made-up data. / 未连接客脉后台：请启动应用，或在地址后加 ?fake 以示例数据试用界面。',
    });
  }
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw ApiError.from(err);
  }
}

export const tauriBackend: Backend = {
  appInfo: () => call('app_info'),
  listCustomers: (query) => call('list_customers', { query }),
  getCustomer: (id) => call('get_customer', { id }),
  createCustomer: (input) => call('create_customer', { input }),
  updateCustomer: (id, input, base) => call('update_customer', { id, input, base: base ?? null }),
  trashCustomer: (id) => call('trash_customer', { id }),
  restoreCustomer: (id) => call('restore_customer', { id }),
  purgeCustomer: (id) => call('purge_customer', { id }),
  emptyTrash: () => call('empty_trash'),
  listTrash: () => call('list_trash'),
  listOwners: () => call('list_owners'),
  listTags: () => call('list_tags'),
  createTag: (name, color) => call('create_tag', { name, color }),
  renameTag: (id, name) => call('rename_tag', { id, name }),
  recolorTag: (id, color) => call('recolor_tag', { id, color }),
  mergeTags: (from, into) => call('merge_tags', { from, into }),
  deleteTag: (id) => call('delete_tag', { id }),
  getSettings: () => call('get_settings'),
  saveSettings: (settings, opened) => call('save_settings', { settings, opened: opened ?? null }),
  loadDemoData: () => call('load_demo_data'),
  logFollowUp: (customerId, input) => call('log_follow_up', { customerId, input }),
  updateFollowUp: (id, input) => call('update_follow_up', { id, input }),
  deleteFollowUp: (id) => call('delete_follow_up', { id }),
  completeFollowUp: (id) => call('complete_follow_up', { id }),
  snoozeFollowUp: (id, snooze) => call('snooze_follow_up', { id, snooze }),
  customerTimeline: (customerId) => call('customer_timeline', { customerId }),
  suggestFollowUp: (customerId, priority) => call('suggest_follow_up', { customerId, priority }),
  getAgenda: (query) => call('get_agenda', { query }),
  notificationStatus: () => call('notification_status'),
  dismissNotificationHelp: () => call('dismiss_notification_help'),
  onNavigate: (handler) => subscribe<NavigateTarget>('navigate', handler),
  onAgendaChanged: (handler) => subscribe<null>('agenda-changed', () => handler()),
  pickImportFile: () => call('pick_import_file'),
  openImport: (token) => call('open_import', { token }),
  previewImport: (options) => call('preview_import', { options }),
  saveImportErrors: () => call('save_import_errors'),
  runImport: (request) => call('run_import', { request }),
  cancelImport: () => call('cancel_import'),
  closeImport: () => call('close_import'),
  listImports: () => call('list_imports'),
  undoImport: (id) => call('undo_import', { id }),
  onImportProgress: (handler) => subscribe<ImportProgress>('import-progress', handler),
  onFileDrop: (handler) => subscribe<PickedFile>('file-dropped', handler),
  exportCustomers: (format, query) => call('export_customers', { format, query }),
  listBackups: () => call('list_backups'),
  backupNow: () => call('backup_now'),
  pickBackup: () => call('pick_backup'),
  restoreBackup: (options) => call('restore_backup', { token: options?.token ?? null, password: options?.password ?? null }),
  backupStatus: () => call('backup_status'),
  setBackupPassword: (password) => call('set_backup_password', { password }),
  pickBackupFolder: () => call('pick_backup_folder'),
  onBackupStatus: (handler) => subscribe<null>('backup-status', () => handler()),
  finishRestore: () => call('finish_restore'),
  rollBackRestore: () => call('roll_back_restore'),
  restoreDamagedBook: (fileName, password) => call('restore_damaged_book', { fileName, password: password ?? null }),
  restartApp: () => call('restart_app'),
  addOpportunity: (customerId, input) => call('add_opportunity', { customerId, input }),
  updateOpportunity: (id, input) => call('update_opportunity', { id, input }),
  deleteOpportunity: (id) => call('delete_opportunity', { id }),
  addDeal: (customerId, input) => call('add_deal', { customerId, input }),
  updateDeal: (id, input) => call('update_deal', { id, input }),
  deleteDeal: (id) => call('delete_deal', { id }),
  resolveDealConflict: (id, takeOther) => call('resolve_deal_conflict', { id, takeOther }),
  addService: (customerId, input) => call('add_service', { customerId, input }),
  updateService: (id, input) => call('update_service', { id, input }),
  deleteService: (id) => call('delete_service', { id }),
  pipelineBoard: (query, perColumn) => call('pipeline_board', { query, perColumn }),
  pipelineColumn: (query, stage, offset, limit) => call('pipeline_column', { query, stage, offset, limit }),
  moveStage: (id, stage, lostReason) => call('move_stage', { id, stage, lostReason }),
  dashboard: (query) => call('dashboard', { query }),
  exportTable: (table, format) => call('export_table', { table, format }),
  ownerList: () => call('owner_list'),
  setOwnerArchived: (name, archived) => call('set_owner_archived', { name, archived }),
  handOver: (request) => call('hand_over', { request }),
  customerTasks: (customerId) => call('customer_tasks', { customerId }),
  addTask: (customerId, input) => call('add_task', { customerId, input }),
  updateTask: (id, patch) => call('update_task', { id, patch }),
  taskFigures: () => call('task_figures'),
  performance: (query) => call('performance', { query }),
  saveTargets: (targets) => call('save_targets', { targets }),
  teamInfo: () => call('team_info'),
  teamTestConnection: (login) => call('team_test_connection', { login }),
  teamCreate: (login, adminName) => call('team_create', { login, adminName }),
  teamJoinPreview: (login) => call('team_join_preview', { login }),
  teamJoin: (login) => call('team_join', { login }),
  teamRefused: () => call('team_refused'),
  teamRetryRefused: (opIds) => call('team_retry_refused', { opIds }),
  teamDismissRefused: (opIds) => call('team_dismiss_refused', { opIds }),
  teamAddPerson: (name, role) => call('team_add_person', { name, role }),
  teamLeave: () => call('team_leave'),
  teamCustomerAudit: (customerId, before = null) => call('team_customer_audit', { customerId, before }),
  dealConflicts: () => call('deal_conflicts'),
  onSyncStatus: (handler) => subscribe<SyncState>('sync-status', handler),
  teamClaim: (id) => call('team_claim', { id }),
  teamSetPoolReturn: (days) => call('team_set_pool_return', { days }),
  onTeamMe: (handler) => subscribe<TeamMe>('team-me', handler),
  teamPeople: () => call('team_people'),
  teamAssign: (customerId, personId) => call('team_assign', { customerId, personId }),
};

/** Listens to a shell event; outside Tauri there are none. */
async function subscribe<T>(event: string, handler: (payload: T) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<T>(event, (e) => handler(e.payload));
}

/** True inside the Tauri webview. */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}
