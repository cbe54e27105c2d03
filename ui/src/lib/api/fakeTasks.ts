// The fake backend's stage tasks (阶段任务): the real backend's rules (store/tasks) in memory.
// Entering a stage makes its playbook's tasks (due N local days later at the reminder time,
// assignee the named person or the customer's owner; a title the customer already has at
// that stage is not made twice); tasks added by hand, ticked, re-dated, reassigned; the
// agenda's section, the board card's count and the dashboard's per-person figures.
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { Customer } from '../bindings/Customer';
import type { PersonTasks } from '../bindings/PersonTasks';
import type { Stage } from '../bindings/Stage';
import type { Task } from '../bindings/Task';
import type { TaskSection } from '../bindings/TaskSection';
import { ApiError, type Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';

const MAX_TITLE = 60;

export class FakeTasks {
  tasks = new Map<string, Task>();

  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}

  private now(): Date {
    return this.backend.followUps.now();
  }

  /** The playbook tasks of `to` for `c` (called after a move that changed its stage). */
  enter(c: Customer, to: Stage): void {
    const playbook = this.backend.settings.stages.find((s) => s.stage === to)?.tasks ?? [];
    const had = new Set([...this.tasks.values()].filter((t) => t.customerId === c.id && t.stage === to).map((t) => t.title));
    const [h, m] = (this.backend.settings.schedule.reminderTime || '09:00').split(':').map(Number);
    for (const tpl of playbook) {
      if (had.has(tpl.title)) continue;
      const due = new Date(this.now());
      due.setDate(due.getDate() + tpl.dueDays);
      due.setHours(h, m, 0, 0);
      const at = this.hooks.now();
      const id = this.hooks.id('task');
      this.tasks.set(id, {
        id, customerId: c.id, stage: to, title: tpl.title, due: due.toISOString(),
        assignee: tpl.assignee || c.owner, doneAt: null, fromPlaybook: true, createdAt: at, updatedAt: at,
      });
    }
  }

  private fail(field: string, zh: string, en: string): never {
    const message = this.backend.settings.language === 'en' ? en : zh;
    throw new ApiError({ code: 'invalidField', message, field });
  }

  private title(v: string): string {
    const s = v.trim();
    if (!s) this.fail('task.title', '任务：不能为空', 'Task is required');
    if ([...s].length > MAX_TITLE) this.fail('task.title', `任务：太长（最多 ${MAX_TITLE} 个字符）`, `Task is too long (at most ${MAX_TITLE} characters)`);
    return s;
  }

  private sorted(list: Task[]): Task[] {
    return list.sort((a, b) =>
      a.doneAt === null && b.doneAt === null ? a.due.localeCompare(b.due) || a.id.localeCompare(b.id)
      : a.doneAt === null ? -1 : b.doneAt === null ? 1 : b.doneAt.localeCompare(a.doneAt),
    );
  }

  customerTasks: Backend['customerTasks'] = async (customerId) => {
    this.hooks.log('customerTasks', customerId);
    return structuredClone(this.sorted([...this.tasks.values()].filter((t) => t.customerId === customerId)));
  };

  addTask: Backend['addTask'] = async (customerId, input) => {
    this.hooks.log('addTask', customerId, input);
    const title = this.title(input.title);
    const c = this.backend.customers.get(customerId);
    if (!c || c.deletedAt) {
      const en = this.backend.settings.language === 'en';
      throw new ApiError({ code: 'notFound', message: en ? `This customer no longer exists (${customerId}).` : `该客户已不存在（${customerId}）。` });
    }
    const at = this.hooks.now();
    const id = this.hooks.id('task');
    const task: Task = {
      id, customerId, stage: c.stage, title, due: input.due, assignee: input.assignee.trim() || c.owner,
      doneAt: null, fromPlaybook: false, createdAt: at, updatedAt: at,
    };
    this.tasks.set(id, task);
    return structuredClone(task);
  };

  updateTask: Backend['updateTask'] = async (id, patch) => {
    this.hooks.log('updateTask', id, patch);
    const t = this.tasks.get(id);
    if (!t) {
      const en = this.backend.settings.language === 'en';
      throw new ApiError({ code: 'notFound', message: en ? `This task no longer exists (${id}).` : `该阶段任务已不存在（${id}）。` });
    }
    const title = patch.title === undefined ? t.title : this.title(patch.title);
    const next: Task = { ...t, title };
    if (patch.done !== undefined) next.doneAt = patch.done ? (t.doneAt ?? this.now().toISOString()) : null;
    if (patch.due !== undefined) next.due = patch.due;
    if (patch.assignee !== undefined && patch.assignee.trim()) next.assignee = patch.assignee.trim();
    next.updatedAt = this.hooks.now();
    this.tasks.set(id, next);
    return structuredClone(next);
  };

  taskFigures: Backend['taskFigures'] = async () => {
    this.hooks.log('taskFigures');
    const now = this.now().getTime();
    const by = new Map<string, PersonTasks>();
    for (const t of this.tasks.values()) {
      if (!this.live(t.customerId)) continue;
      const p = by.get(t.assignee) ?? { assignee: t.assignee, done: 0, onTime: 0, overdue: 0, open: 0 };
      if (t.doneAt) {
        p.done += 1;
        if (t.doneAt <= t.due) p.onTime += 1;
      } else if (Date.parse(t.due) < now) p.overdue += 1;
      else p.open += 1;
      by.set(t.assignee, p);
    }
    return [...by.values()].sort((a, b) => (a.assignee < b.assignee ? -1 : 1));
  };

  private live(id: string): Customer | null {
    const c = this.backend.customers.get(id);
    return c && !c.deletedAt ? c : null;
  }

  /** (done, total) of a customer's tasks of `stage`: the board card's "2/5". */
  count(customerId: string, stage: Stage): { tasksDone: number; tasksTotal: number } {
    const list = [...this.tasks.values()].filter((t) => t.customerId === customerId && t.stage === stage);
    return { tasksDone: list.filter((t) => t.doneAt).length, tasksTotal: list.length };
  }

  /** The agenda's section: open tasks of live customers, by assignee and the customer's priority. */
  section(q: AgendaQuery): TaskSection {
    const now = this.now();
    const tomorrow = new Date(now);
    tomorrow.setHours(24, 0, 0, 0);
    const s: TaskSection = { total: 0, overdue: 0, dueToday: 0, items: [] };
    const open = this.sorted([...this.tasks.values()].filter((t) => !t.doneAt));
    for (const t of open) {
      const c = this.live(t.customerId);
      if (!c) continue;
      if (q.owners.length > 0 && !q.owners.includes(t.assignee)) continue;
      if (q.priorities.length > 0 && !q.priorities.includes(c.priority)) continue;
      const due = Date.parse(t.due);
      s.total += 1;
      if (due < now.getTime()) s.overdue += 1;
      if (due < tomorrow.getTime()) s.dueToday += 1;
      if (s.items.length < q.limit)
        s.items.push({
          taskId: t.id, customerId: c.id, customerName: c.name, company: c.company, assignee: t.assignee,
          stage: t.stage, title: t.title, due: t.due, overdue: due < now.getTime(),
        });
    }
    return s;
  }
}
