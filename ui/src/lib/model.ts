// Small helpers around the generated types: the fixed vocabularies in order, an empty input,
// and conversions between a stored customer and the input the form edits.
import type { Category } from './bindings/Category';
import type { Customer } from './bindings/Customer';
import type { CustomerInput } from './bindings/CustomerInput';
import type { CustomerKind } from './bindings/CustomerKind';
import type { DecisionRole } from './bindings/DecisionRole';
import type { ListQuery } from './bindings/ListQuery';
import type { Priority } from './bindings/Priority';
import type { Language } from './bindings/Language';
import type { ReminderSettings } from './bindings/ReminderSettings';
import type { ScheduleSettings } from './bindings/ScheduleSettings';
import type { Settings } from './bindings/Settings';
import type { Stage } from './bindings/Stage';
import type { TagInfo } from './bindings/TagInfo';

/** The built-in stages in their default order. What the user's pipeline holds (order, names,
 *  custom stages) comes from settings: use `stages` / `stageLabel` of state/stages.svelte. */
export const STAGES: Stage[] = [
  'initialContact',
  'needsConfirmed',
  'proposal',
  'negotiation',
  'won',
  'lost',
];
export const CATEGORIES: Category[] = ['readyToBuy', 'interested', 'goodProspect', 'ordinaryProspect'];
export const PRIORITIES: Priority[] = ['high', 'medium', 'low'];
export const KINDS: CustomerKind[] = ['company', 'person'];
export const ROLES: DecisionRole[] = ['decisionMaker', 'influencer', 'user'];
export const DEFAULT_SOURCES = ['线上推广', '客户转介绍', '行业展会', '电话陌拜', '其他'];

/** The backend's defaults for settings added with follow-ups. */
export function defaultSchedule(): ScheduleSettings {
  return {
    highDays: 3,
    mediumDays: 7,
    lowDays: 14,
    skipWeekends: false,
    reminderTime: '09:00',
    categoryPriority: {
      readyToBuy: 'high',
      interested: 'medium',
      goodProspect: 'low',
      ordinaryProspect: 'low',
      uncategorised: 'medium',
    },
  };
}

export function defaultReminders(): ReminderSettings {
  return { contractNoticeDays: 30, keepInTray: true, startAtLogin: false, privateNotifications: false };
}

/** Mirrors the backend's DEFAULT_LOST_REASONS. */
export const DEFAULT_LOST_REASONS = ['价格太高', '选择了竞争对手', '暂无需求', '预算不足', '联系不上', '其他'];

export function defaultSettings(language: Language = 'zh'): Settings {
  return {
    language,
    sources: [...DEFAULT_SOURCES],
    schedule: defaultSchedule(),
    reminders: defaultReminders(),
    backupKeep: { daily: 7, weekly: 4, monthly: 12, beforeChange: 5 },
    backupMirror: '',
    untouchedDays: 30,
    lostReasons: [...DEFAULT_LOST_REASONS],
    owners: [],
    archivedOwners: [],
    stages: STAGES.map((stage) => ({ stage, name: '' })),
    me: '',
    products: [],
    targets: [],
  };
}

export function emptyInput(): CustomerInput {
  return {
    tags: [],
    kind: 'company',
    name: '',
    company: '',
    position: '',
    department: '',
    phones: [''],
    emails: [''],
    address: '',
    wechatIds: [''],
    industry: '',
    companySize: '',
    website: '',
    mainBusiness: '',
    source: '',
    firstContactDate: null,
    firstContactBy: '',
    owner: '',
    birthday: null,
    contractExpiry: null,
    notes: '',
    contacts: [],
    needs: { coreNeed: '', budget: '', decisionChain: '', deadline: null },
    category: null,
    stage: 'initialContact',
    lostReason: '',
    priority: 'medium',
    customFields: [],
  };
}

/** The form's copy of a stored customer (tags by name; lists keep one empty entry to type in). */
export function inputFromCustomer(c: Customer, tags: TagInfo[]): CustomerInput {
  const byId = new Map(tags.map((t) => [t.id, t.name]));
  const {
    id: _id,
    tagIds,
    createdAt: _c,
    updatedAt: _u,
    deletedAt: _d,
    ...fields
  } = structuredClone(c);
  const atLeastOne = (xs: string[]) => (xs.length ? xs : ['']);
  return {
    ...fields,
    phones: atLeastOne(fields.phones),
    emails: atLeastOne(fields.emails),
    wechatIds: atLeastOne(fields.wechatIds),
    tags: tagIds.map((t) => byId.get(t)).filter((n): n is string => n !== undefined),
  };
}

export function defaultQuery(): ListQuery {
  return {
    search: '',
    tagIds: [],
    tagMode: 'all',
    stages: [],
    categories: [],
    priorities: [],
    owners: [],
    contact: { type: 'any' },
    sort: 'name',
    descending: false,
    offset: 0,
    limit: 200,
  };
}

/** Colours of the stage pills: [background, text]. */
export const STAGE_COLORS: Record<Stage, [string, string]> = {
  initialContact: ['#eef2ff', '#4338ca'],
  needsConfirmed: ['#e0f2fe', '#0369a1'],
  proposal: ['#fef3c7', '#a16207'],
  negotiation: ['#ffedd5', '#c2410c'],
  won: ['#dcfce7', '#15803d'],
  lost: ['#f3f4f6', '#6b7280'],
  custom1: ['#f0fdfa', '#0f766e'],
  custom2: ['#faf5ff', '#7e22ce'],
  custom3: ['#fdf2f8', '#be185d'],
  custom4: ['#f7fee7', '#4d7c0f'],
  custom5: ['#ecfeff', '#0e7490'],
  custom6: ['#f1f5f9', '#334155'],
};

/** The form's values as the backend takes them: empty dates are null, numbers are numbers. */
export function normalise(input: CustomerInput): CustomerInput {
  const i = structuredClone(input);
  const date = (d: string | null) => (d ? d : null);
  i.firstContactDate = date(i.firstContactDate);
  i.birthday = date(i.birthday);
  i.contractExpiry = date(i.contractExpiry);
  i.needs.deadline = date(i.needs.deadline);
  for (const c of i.contacts) c.birthday = date(c.birthday);
  for (const f of i.customFields) {
    if (f.value.type === 'number') {
      const n = Number(f.value.value);
      f.value.value = f.value.value === null || !Number.isFinite(n) ? 0 : n;
    }
  }
  return i;
}
