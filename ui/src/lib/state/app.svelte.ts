// The app's shared state: the backend, settings, tags, the current view and the list's
// filters (kept here so they survive a visit to a customer). Handed down through a Svelte
// context so tests can build one around the fake backend.
import { getContext, setContext } from 'svelte';
import { ApiError, watchDiskTrouble, type Backend } from '../api/backend';
import type { AppInfo } from '../bindings/AppInfo';
import type { BackupStatus } from '../bindings/BackupStatus';
import type { PickedFile } from '../bindings/PickedFile';
import type { Settings } from '../bindings/Settings';
import type { TagInfo } from '../bindings/TagInfo';
import { setLanguage } from '../i18n/index.svelte';
import { defaultQuery, defaultSettings } from '../model';
import { setStages } from './stages.svelte';
import type { ListQuery } from '../bindings/ListQuery';

export type Route =
  | { name: 'customers' }
  | { name: 'agenda' }
  | { name: 'pipeline' }
  | { name: 'dashboard' }
  | { name: 'performance' }
  | { name: 'customer'; id: string | null }
  | { name: 'tags' }
  | { name: 'trash' }
  | { name: 'import'; file?: PickedFile }
  | { name: 'settings' };

/** The list's filters and sort, without paging. */
export type Filters = Omit<ListQuery, 'offset' | 'limit'>;

/** After the list's first page arrived, the moment the window is given to paint it. */
const PAINT_MS = 300;
/** When the start-up view is not the list: how long after the start `firstRows` resolves. */
const NO_LIST_MS = 2000;

export class AppState {
  readonly backend: Backend;
  info = $state<AppInfo | null>(null);
  startupError = $state<ApiError | null>(null);
  /** Set when a save failed on disk: the book refuses writes until the app restarts. */
  readOnly = $state<string | null>(null);
  settings = $state<Settings>(defaultSettings());
  /** How the backups went since start (a failure shows the backup banner), once read. */
  backupStatus = $state<BackupStatus | null>(null);
  tags = $state<TagInfo[]>([]);
  route = $state<Route>({ name: 'customers' });
  filters = $state<Filters>(withoutPaging(defaultQuery()));
  /** Bumped after every write that may change the list, so views refetch. */
  version = $state(0);
  /** Bumped when the shell says reminders fired or follow-ups changed: the agenda refetches. */
  agendaVersion = $state(0);
  /** Bumped by every navigation, so a view opened again (another customer) starts afresh. */
  visit = $state(0);
  tagsById = $derived(new Map(this.tags.map((t) => [t.id, t])));
  /** Resolves once the list has shown its first rows (or a moment after the start when it
   *  does not): what is not urgent then — the sidebar's due count, which builds the agenda
   *  index, 0.4 s of work at a million follow-ups — waits for it instead of competing with
   *  the first paint. */
  readonly firstRows: Promise<void>;
  private firstRowsShown: () => void = () => {};

  constructor(backend: Backend) {
    this.backend = watchDiskTrouble(backend, (err) => {
      this.readOnly ??= err.message;
    });
    this.firstRows = new Promise((resolve) => (this.firstRowsShown = resolve));
  }

  /** The list received its first page: `firstRows` resolves once the window painted it. */
  rowsArrived(): void {
    setTimeout(() => this.firstRowsShown(), PAINT_MS);
  }

  async start(): Promise<void> {
    try {
      const info = await this.backend.appInfo();
      this.info = info;
      this.settings = info.settings;
      setLanguage(info.settings.language);
      setStages(info.settings.stages);
      if (info.readOnly) this.readOnly = info.readOnly.message;
      if (info.startupError) {
        this.startupError = new ApiError(info.startupError);
        return;
      }
      // The tags only name the rows' chips: asked for alongside the list's first page instead
      // of before it (one round trip less before the first rows). Failing, they still show
      // the start-up error.
      this.refreshTags().catch((err) => (this.startupError = ApiError.from(err)));
      void this.refreshBackupStatus();
    } catch (err) {
      this.startupError = ApiError.from(err);
    } finally {
      setTimeout(() => this.firstRowsShown(), NO_LIST_MS);
    }
  }

  /** The shell said a backup ran or failed (or settings changed it): read its status again. */
  async refreshBackupStatus(): Promise<void> {
    try {
      this.backupStatus = await this.backend.backupStatus();
    } catch {
      // The banner is a courtesy: the settings page shows errors of its own.
    }
  }

  async refreshTags(): Promise<void> {
    this.tags = await this.backend.listTags();
  }

  /** Something changed customers or tags: refetch what depends on them. */
  async changed(): Promise<void> {
    this.version += 1;
    await this.refreshTags();
  }

  /** The settings changed behind the UI (a JSON restore brings its stages): read them again,
   * so a later settings save does not write the old stages back. */
  async refreshSettings(): Promise<void> {
    const settings = await this.backend.getSettings();
    this.settings = settings;
    setStages(settings.stages);
  }

  /** A follow-up was logged, edited, done or snoozed: lists and the agenda refetch. */
  followUpsChanged(): void {
    this.version += 1;
  }

  /** Saves `settings` as a change from `opened` (by default the settings as this state holds
   * them, which callers spread and change one part of): the backend writes only what differs. */
  async saveSettings(settings: Settings, opened: Settings = this.settings): Promise<Settings> {
    const saved = await this.backend.saveSettings($state.snapshot(settings), $state.snapshot(opened));
    this.settings = saved;
    setLanguage(saved.language);
    setStages(saved.stages);
    return saved;
  }

  /** Clears search and filters, keeping the sort. */
  clearFilters(): void {
    const { sort, descending } = this.filters;
    Object.assign(this.filters, withoutPaging(defaultQuery()), { sort, descending });
  }

  go(route: Route): void {
    this.route = route;
    this.visit += 1;
  }
}

export function withoutPaging(q: ListQuery): Filters {
  const { offset: _o, limit: _l, ...rest } = q;
  return rest;
}

const KEY = Symbol('rapport-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() outside <App>');
  return app;
}

/** For component tests: the context map `render()` takes. */
export function appContext(app: AppState): Map<symbol, AppState> {
  return new Map([[KEY, app]]);
}
