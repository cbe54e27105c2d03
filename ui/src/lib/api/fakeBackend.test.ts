import { describe, expect, it } from 'vitest';
import { emptyInput, defaultQuery } from '../model';
import { rejection } from '../../test/helpers';
import { FakeBackend } from './fakeBackend';

const input = (name: string, extra: object = {}) => ({ ...emptyInput(), name, ...extra });

describe('FakeBackend', () => {
  it('requires a name and a reason for a lost customer, with the backend field paths', async () => {
    const b = new FakeBackend({ settings: { language: 'en' } });
    expect(await rejection(b.createCustomer(input('  ')))).toMatchObject({ code: 'invalidField', field: 'name' });
    const lost = await rejection(b.createCustomer(input('X', { stage: 'lost' })));
    expect(lost).toMatchObject({ code: 'invalidField', field: 'lostReason' });
    expect(lost.message).toContain('Reason for loss');
    expect(await rejection(b.createCustomer(input('X', { emails: ['', 'bad'] })))).toMatchObject({ field: 'emails[1]' });
    const saved = await b.createCustomer(input('X', { stage: 'won', lostReason: 'stale', phones: ['', '123 456'] }));
    expect(saved).toMatchObject({ lostReason: '', phones: ['123 456'] });
  });

  it('creates tags by name, case-insensitively, and merges them', async () => {
    const b = new FakeBackend();
    const a = await b.createCustomer(input('A', { tags: ['VIP', 'East'] }));
    const c = await b.createCustomer(input('C', { tags: ['vip'] }));
    expect(b.tags.size).toBe(2);
    expect(c.tagIds).toEqual([a.tagIds[0]]);
    const [vip, east] = a.tagIds;
    expect(await rejection(b.renameTag(east, 'Vip'))).toMatchObject({ code: 'tagNameTaken', field: 'name' });
    await b.mergeTags(vip, east);
    expect((await b.getCustomer(c.id)).tagIds).toEqual([east]);
    expect((await b.listTags()).map((t) => [t.name, t.customerCount])).toEqual([['East', 2]]);
  });

  it('trashes, restores and purges', async () => {
    const b = new FakeBackend();
    const a = await b.createCustomer(input('A'));
    await b.trashCustomer(a.id);
    expect((await b.listCustomers(defaultQuery())).total).toBe(0);
    expect((await b.listTrash()).map((r) => r.name)).toEqual(['A']);
    await b.restoreCustomer(a.id);
    expect((await b.listCustomers(defaultQuery())).total).toBe(1);
    await b.trashCustomer(a.id);
    expect(await b.emptyTrash()).toBe(1);
    expect(await rejection(b.getCustomer(a.id))).toMatchObject({ code: 'notFound' });
  });

  it('filters, sorts and pages', async () => {
    const b = new FakeBackend({ customers: 450 });
    const q = defaultQuery();
    const first = await b.listCustomers({ ...q, offset: 0, limit: 200 });
    const third = await b.listCustomers({ ...q, offset: 400, limit: 200 });
    expect([first.total, first.rows.length, third.rows.length]).toEqual([450, 200, 50]);
    const names = first.rows.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const won = await b.listCustomers({ ...q, stages: ['won'], sort: 'updatedAt', descending: true });
    expect(won.rows.every((r) => r.stage === 'won')).toBe(true);
    const times = won.rows.map((r) => r.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
