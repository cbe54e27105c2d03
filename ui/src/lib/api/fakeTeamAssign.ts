// The fake backend's owner assignment in a team book (commands/team_assign.rs): the team's
// people as the last pull left them in the book, and an assignment the server decides — a
// salesperson's is refused, an unreachable server says so — that changes the customer's owner
// to the person's name. Tests set `people` and `offline`.
import type { Customer } from '../bindings/Customer';
import type { Language } from '../bindings/Language';
import type { TeamPeople } from '../bindings/TeamPeople';
import { ApiError } from './backend';
import type { FakeHooks } from './fakeHooks';

export class FakeTeamAssign {
  people: TeamPeople = { me: null, people: [] };
  /** The team's server cannot be reached. */
  offline = false;

  constructor(
    private readonly book: { customers: Map<string, Customer> },
    private readonly hooks: FakeHooks,
    private readonly language: () => Language,
  ) {}

  private fail(code: string, zh: string, en: string): never {
    throw new ApiError({ code, message: this.language() === 'en' ? en : zh });
  }

  teamPeople = async (): Promise<TeamPeople> => {
    this.hooks.log('teamPeople');
    return structuredClone(this.people);
  };

  teamAssign = async (customerId: string, personId: string | null) => {
    this.hooks.log('teamAssign', customerId, personId);
    const c = this.book.customers.get(customerId);
    if (!c) this.fail('notFound', '找不到这位客户。', 'Customer not found.');
    if (this.offline) {
      this.fail('team.assignOffline', '换负责人需要连上团队服务器，现在连不上。请联网后再试。',
        'Changing the owner needs the team\'s server, which cannot be reached now. Try again when online.');
    }
    const me = this.people.people.find((p) => p.id === this.people.me);
    if (me?.role !== 'manager' && me?.role !== 'admin') {
      this.fail('team.assignNotAllowed', '只有经理和管理员可以给客户换负责人。', 'Only a manager or an admin can change a customer\'s owner.');
    }
    const name = personId === null ? '' : this.people.people.find((p) => p.id === personId)?.name;
    if (name === undefined) this.fail('team.invalid_op', '操作无效：没有这位成员', 'Invalid operation: no such person');
    this.book.customers.set(customerId, { ...c, owner: name });
  };
}
