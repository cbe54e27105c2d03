import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import { setLanguage } from '../../i18n/index.svelte';
import { emptyInput } from '../../model';
import { errorText, planHandover, runHandover } from './handover';

const c = (id: string, owner: string) => ({ id, name: `客户${id}`, owner });

describe('planning a handover of a selection', () => {
  it('makes one group per current owner, leaving out the unowned and the receiver’s own', () => {
    const plan = planHandover([c('1', '王强'), c('2', '李娜'), c('3', ''), c('4', '王强'), c('5', '赵六'), c('6', '  ')], '赵六');
    expect(plan.groups).toEqual([
      { from: '李娜', customers: [c('2', '李娜')] },
      { from: '王强', customers: [c('1', '王强'), c('4', '王强')] },
    ]);
    expect(plan.moving).toBe(3);
    expect(plan.unowned.map((x) => x.id)).toEqual(['3', '6']);
    expect(plan.kept.map((x) => x.id)).toEqual(['5']);
  });

  it('stops at the first refusal, keeping what the calls before it moved and naming the customer', async () => {
    setLanguage('zh');
    const b = new FakeBackend({ settings: { owners: ['赵六'] } });
    const add = (name: string, owner: string) => b.createCustomer({ ...emptyInput(), name, owner });
    const [a, x, y] = [await add('A', '李娜'), await add('X', '王强'), await add('Y', '王强')];
    const plan = planHandover([
      { id: a.id, name: 'A', owner: '李娜' },
      { id: x.id, name: 'X', owner: '王强' },
      { id: y.id, name: 'Y', owner: '李娜' },
    ], '赵六');
    const outcome = await runHandover(b, plan.groups, '赵六');
    // 李娜's group holds Y, which is 王强's: refused whole; 王强's group was never sent.
    expect(outcome.moved.customers).toBe(0);
    expect(outcome.customer?.name).toBe('Y');
    expect(errorText(outcome)).toBe('客户 2：不是原负责人的客户（Y）');
    expect(b.callsOf('handOver')).toHaveLength(1);
    expect((await b.getCustomer(a.id)).owner).toBe('李娜');
  });
});
