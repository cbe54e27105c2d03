// The fake backend's team mode: one made-up PostgreSQL server in memory with the shell's rules
// (commands/team.rs): the form is checked field by field, a wrong password or an unknown host
// is refused with the shell's words, creating installs the team book once, joining needs a
// login an admin added, adding a person returns a generated password once, leaving keeps the
// book. Tests push sync states with `emit`.
import type { AddedPerson } from '../bindings/AddedPerson';
import type { JoinCounts } from '../bindings/JoinCounts';
import type { Language } from '../bindings/Language';
import type { RefusedChange } from '../bindings/RefusedChange';
import type { SyncState } from '../bindings/SyncState';
import type { TeamInfo } from '../bindings/TeamInfo';
import type { TeamLogin } from '../bindings/TeamLogin';
import type { TeamMe } from '../bindings/TeamMe';
import type { Customer } from '../bindings/Customer';
import { ApiError, type TeamRole } from './backend';
import type { FakeHooks } from './fakeHooks';

export interface FakeServer {
  host: string;
  port: number;
  database: string;
  /** Logins and their passwords (the admin who installs first). */
  logins: Map<string, string>;
  installed: boolean;
  people: { name: string; role: TeamRole; login: string }[];
  /** The pool rule: days without a follow-up before a customer returns to the pool. */
  poolReturnDays: number | null;
  /** Customers a colleague has claimed on the server since this book last pulled (tests). */
  claimedElsewhere: Set<string>;
  /** The names of the team's customers (a join's preview counts against them). */
  customers: string[];
  /** Which of those are in the shared pool (公海). */
  pool: string[];
}

const FIELDS: Record<string, [string, string]> = {
  host: ['请填写服务器地址。', "Enter the server's address."],
  port: ['端口应在 1 到 65535 之间。', 'The port must be between 1 and 65535.'],
  database: ['请填写数据库名称。', "Enter the database's name."],
  user: ['请填写用户名。', 'Enter the user name.'],
  password: ['请填写密码。', 'Enter the password.'],
  name: ['请填写姓名。', 'Enter a name.'],
  role: ['请选择角色。', 'Choose a role.'],
};

export class FakeTeam {
  server: FakeServer = {
    host: 'db.office.lan', port: 5432, database: 'team',
    logins: new Map([['owner', 'owner-pw']]), installed: false, people: [],
    poolReturnDays: null, claimedElsewhere: new Set(), customers: [], pool: [],
  };
  login: TeamLogin | null = null;
  state: SyncState = { code: 'personal', pending: 0, since: null, reason: null };
  private handlers = new Set<(s: SyncState) => void>();
  private meHandlers = new Set<(me: TeamMe) => void>();

  constructor(private readonly hooks: FakeHooks, private readonly language: () => Language) {}

  private fail(code: string, zh: string, en: string, field?: string): never {
    const message = this.language() === 'en' ? en : zh;
    throw new ApiError(field === undefined ? { code, message } : { code, message, field });
  }

  private field(name: string): never {
    const [zh, en] = FIELDS[name];
    return this.fail('team.field', zh, en, name);
  }

  private check(l: TeamLogin): TeamLogin {
    const c = { ...l, host: l.host.trim(), database: l.database.trim(), user: l.user.trim() };
    if (!c.host) this.field('host');
    if (!c.database) this.field('database');
    if (!c.user) this.field('user');
    if (!(c.port >= 1 && c.port <= 65535)) this.field('port');
    if (!c.password) this.field('password');
    return c;
  }

  private connect(l: TeamLogin) {
    const s = this.server;
    if (l.host !== s.host || l.port !== s.port) {
      this.fail('team.unreachable', `无法连接到服务器 ${l.host}:${l.port}（Connection refused）。请检查地址、端口和网络。`,
        `Cannot reach the server ${l.host}:${l.port} (Connection refused). Check the address, the port and the network.`);
    }
    if (s.logins.get(l.user) !== l.password) {
      this.fail('team.wrong_password', `用户 ${l.user} 的密码不对（或没有这个用户）。`, `Wrong password for ${l.user} (or no such user).`);
    }
    if (l.database !== s.database) {
      this.fail('team.no_database', `服务器上没有数据库 ${l.database}。`, `The server has no database ${l.database}.`);
    }
  }

  /** The engine reports a new state (tests). */
  emit(state: SyncState) {
    this.state = state;
    for (const h of this.handlers) h(state);
  }

  private linked(l: TeamLogin): TeamInfo {
    this.login = { ...l, password: '' };
    this.emit({ code: 'synced', pending: 0, since: this.hooks.now(), reason: null });
    return this.info();
  }

  /** Who the linked login is, as the shell learns it from the server. */
  me(): TeamMe | null {
    const p = this.login && this.server.people.find((x) => x.login === this.login?.user);
    return p ? { id: p.login, name: p.name, role: p.role, poolReturnDays: this.server.poolReturnDays } : null;
  }

  /** The engine connected again and read who I am (tests). */
  emitMe() {
    const me = this.me();
    if (me) for (const h of this.meHandlers) h(me);
  }

  private info(): TeamInfo {
    return { login: this.login, state: this.state, me: this.me() };
  }

  teamClaim = async (id: string, customers: Map<string, Customer>) => {
    this.hooks.log('teamClaim', id);
    const me = this.me();
    if (!me) this.fail('team.notTeam', '这本客户簿不是团队客户簿。', 'This book is not a team book.');
    const c = customers.get(id);
    if (!c || c.deletedAt || c.owner !== '' || this.server.claimedElsewhere.has(id)) {
      this.fail('team.not_in_pool', '这位客户已不在公海：同事刚刚领取了。', 'This customer is no longer in the pool: a colleague claimed it first.');
    }
    c.owner = me.name;
  };

  teamSetPoolReturn = async (days: number | null) => {
    this.hooks.log('teamSetPoolReturn', days);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
      this.fail('team.field', '天数应在 1 到 3650 之间。', 'The days must be between 1 and 3,650.', 'days');
    }
    const me = this.me();
    if (!me || me.role === 'salesperson') this.fail('team.not_allowed', '只有经理和管理员可以设置公海规则。', 'Only a manager or an admin sets the pool rule.');
    this.server.poolReturnDays = days;
    return this.me() as TeamMe;
  };

  onTeamMe = async (handler: (me: TeamMe) => void) => {
    this.hooks.log('onTeamMe');
    this.meHandlers.add(handler);
    return () => void this.meHandlers.delete(handler);
  };

  teamInfo = async () => { this.hooks.log('teamInfo'); return this.info(); };

  teamTestConnection = async (login: TeamLogin) => {
    this.hooks.log('teamTestConnection', login);
    const l = this.check(login);
    this.connect(l);
    const en = this.language() === 'en';
    if (this.server.installed) return en ? 'Connected: this database holds a team book, you can join it.' : '已连接：这个数据库里有团队客户簿，可以加入。';
    return en ? 'Connected: the database holds no team book yet, you can create one here.' : '已连接：数据库里还没有团队客户簿，可以在这里创建。';
  };

  teamCreate = async (login: TeamLogin, adminName: string) => {
    this.hooks.log('teamCreate', login, adminName);
    const l = this.check(login);
    if (!adminName.trim()) this.field('name');
    this.connect(l);
    if (this.server.installed) this.fail('team.already_installed', '这个数据库已经装有团队客户簿。', 'This database already holds a team book.');
    this.server.installed = true;
    this.server.people.push({ name: adminName.trim(), role: 'admin', login: l.user });
    return this.linked(l);
  };

  /** The login, checked to be one of the team's people (the shell's `member`). */
  private member(login: TeamLogin): TeamLogin {
    const l = this.check(login);
    this.connect(l);
    if (!this.server.installed) this.fail('team.not_installed', '这个数据库里还没有团队客户簿。', 'This database holds no team book yet.');
    if (!this.server.people.some((p) => p.login === l.user)) {
      this.fail('team.notMember', '这个用户不是团队成员：请用管理员为你添加的登录名。', "This login is not one of the team's people: use the login an admin added for you.");
    }
    return l;
  }

  /** What a join would do with a book whose live customers are `localNames` (the fake's
   *  duplicate rule: the same name as one of the team's; a salesperson claims those in the pool). */
  teamJoinPreview = async (login: TeamLogin, localNames: string[]): Promise<JoinCounts> => {
    this.hooks.log('teamJoinPreview', login);
    const l = this.member(login);
    const team = new Set(this.server.customers);
    const merged = localNames.filter((n) => team.has(n));
    const salesperson = this.server.people.find((p) => p.login === l.user)?.role === 'salesperson';
    const claimed = salesperson ? merged.filter((n) => this.server.pool.includes(n)).length : 0;
    return { local: localNames.length, merged: merged.length, claimed, uploaded: localNames.length - merged.length, team: team.size };
  };

  /** Changes the server refused (tests put them here); a retry moves them to `retried`. */
  refused: RefusedChange[] = [];
  retried: RefusedChange[] = [];

  teamRefused = async () => {
    this.hooks.log('teamRefused');
    return structuredClone(this.refused);
  };

  private takeRefused(opIds: string[]): RefusedChange[] {
    const taken = this.refused.filter((r) => opIds.includes(r.opId));
    this.refused = this.refused.filter((r) => !opIds.includes(r.opId));
    return taken;
  }

  teamRetryRefused = async (opIds: string[]) => {
    this.hooks.log('teamRetryRefused', opIds);
    const back = this.takeRefused(opIds);
    this.retried.push(...back);
    return back.length;
  };

  teamDismissRefused = async (opIds: string[]) => {
    this.hooks.log('teamDismissRefused', opIds);
    return this.takeRefused(opIds).length;
  };

  teamJoin = async (login: TeamLogin) => {
    this.hooks.log('teamJoin', login);
    return this.linked(this.member(login));
  };

  teamAddPerson = async (name: string, role: TeamRole): Promise<AddedPerson> => {
    this.hooks.log('teamAddPerson', name, role);
    if (!['salesperson', 'manager', 'admin'].includes(role)) this.field('role');
    if (!name.trim()) this.field('name');
    if (!this.login) this.fail('team.notTeam', '这本客户簿不是团队客户簿。', 'This book is not a team book.');
    const me = this.server.people.find((p) => p.login === this.login?.user);
    if (me?.role !== 'admin') this.fail('team.not_allowed', '没有权限：只有管理员可以添加成员', 'Not allowed: only admins add people');
    const login = `rapport_${this.hooks.id('p').slice(-8).toLowerCase()}`;
    const password = `pw${this.hooks.id('s').slice(-18)}`;
    this.server.logins.set(login, password);
    this.server.people.push({ name: name.trim(), role, login });
    return { name: name.trim(), role, login, password };
  };

  teamLeave = async () => {
    this.hooks.log('teamLeave');
    this.login = null;
    this.emit({ code: 'personal', pending: 0, since: null, reason: null });
    return this.info();
  };

  onSyncStatus = async (handler: (s: SyncState) => void) => {
    this.hooks.log('onSyncStatus');
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  };
}
