// The fake backend's "who did what" and "what needs a decision" (commands/team_audit.rs): a
// customer's audit as the team server would answer it (seeded by tests and the preview in
// `entries`, newest first), refused for a personal book and, while `offline`, with the shell's
// `team.offline` words; and the book's deals that carry a second version.
import type { AuditEntry } from '../bindings/AuditEntry';
import type { AuditPage } from '../bindings/AuditPage';
import type { Customer } from '../bindings/Customer';
import type { Deal } from '../bindings/Deal';
import type { DealConflictItem } from '../bindings/DealConflictItem';
import type { Language } from '../bindings/Language';
import { ApiError } from './backend';
import type { FakeHooks } from './fakeHooks';

/** Entries per page, as the shell asks the server. */
const PAGE = 200;

export interface AuditBook {
  customers: Map<string, Customer>;
  deals: () => Map<string, Deal>;
  isTeam: () => boolean;
}

export class FakeAudit {
  /** Each customer's audit, newest first. */
  entries = new Map<string, AuditEntry[]>();
  /** The team server cannot be reached. */
  offline = false;

  constructor(private readonly hooks: FakeHooks, private readonly language: () => Language, private readonly book: AuditBook) {}

  private fail(code: string, zh: string, en: string): never {
    throw new ApiError({ code, message: this.language() === 'en' ? en : zh });
  }

  teamCustomerAudit = async (customerId: string, before: number | null = null): Promise<AuditPage> => {
    this.hooks.log('teamCustomerAudit', customerId, before);
    if (!this.book.isTeam()) this.fail('team.notTeam', '这本客户簿不是团队客户簿。', 'This book is not a team book.');
    if (this.offline) {
      this.fail('team.offline', '连不上团队服务器：修改记录存在服务器上，联网后再看。客户簿照常可用。',
        'The team’s server cannot be reached: the audit is kept there, so look again once you are online. Your book keeps working.');
    }
    const all = (this.entries.get(customerId) ?? []).filter((e) => before === null || e.id < before);
    return structuredClone({ entries: all.slice(0, PAGE), more: all.length > PAGE });
  };

  dealConflicts = async (): Promise<DealConflictItem[]> => {
    this.hooks.log('dealConflicts');
    const items: DealConflictItem[] = [];
    for (const deal of this.book.deals().values()) {
      const c = this.book.customers.get(deal.customerId);
      if (deal.conflict && c && !c.deletedAt) items.push({ deal: structuredClone(deal), customerName: c.name });
    }
    return items.sort((a, b) => (b.deal.conflict?.commit ?? 0) - (a.deal.conflict?.commit ?? 0));
  };
}
