// Team mode as the screens need it: whether this book is a team book and who I am in the team
// (role, name), learnt from the server when the sync engine connects (team_info, then the
// `team-me` event). What a role may do only decides what the UI shows; the server's
// row-level security is what protects the data, whatever the UI hides.
import type { SyncState } from '../bindings/SyncState';
import type { TeamInfo } from '../bindings/TeamInfo';
import type { TeamMe } from '../bindings/TeamMe';
import type { AppState } from './app.svelte';

export class TeamView {
  /** This book is linked to a team server. */
  linked = $state(false);
  me = $state<TeamMe | null>(null);

  constructor(private readonly app: AppState) {}

  /** Takes what team_info (or a Team screen action) answered. */
  take(info: TeamInfo) {
    this.linked = info.login !== null;
    this.me = info.me ?? null;
  }

  async load() {
    try {
      this.take(await this.app.backend.teamInfo());
    } catch {
      // The Team screen says why; the other screens just show a personal book.
    }
  }

  /** A salesperson: own customers and the pool. Nobody known yet (or a personal book): not. */
  get salesperson(): boolean {
    return this.linked && this.me?.role === 'salesperson';
  }
  /** Purging (deleting for good) and adding people: admins (and personal books). */
  get mayPurge(): boolean {
    return !this.linked || this.me === null || this.me.role === 'admin';
  }
  get mayAddPeople(): boolean {
    return this.mayPurge;
  }
  /** The settings the team shares (stages, sources, lost reasons, products, the schedule
   *  rules, targets): only an admin writes them on the server (the core refuses the others too). */
  get mayEditTeamSettings(): boolean {
    return !this.linked || this.me === null || this.me.role === 'admin';
  }
  /** Setting targets: a team setting, so the admin's. */
  get mayEditTargets(): boolean {
    return this.mayEditTeamSettings;
  }
  /** The pool rule: managers and admins. */
  get maySetPoolRule(): boolean {
    return this.linked && (this.me?.role === 'manager' || this.me?.role === 'admin');
  }
}

const views = new WeakMap<AppState, TeamView>();

/** The team view of this app (made and subscribed once per app). */
export function teamOf(app: AppState): TeamView {
  let v = views.get(app);
  if (!v) {
    const view = new TeamView(app);
    v = view;
    views.set(app, view);
    void view.load();
    void app.backend.onTeamMe((me) => {
      view.me = me;
      view.linked = true;
    });
    let last: string | null = null;
    void app.backend.onSyncStatus((s: SyncState) => {
      const personal = s.code === 'personal';
      if (last !== null && (last === 'personal') !== personal) void view.load();
      last = s.code;
    });
  }
  return v;
}
