import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import type { ListPage } from '../../bindings/ListPage';
import type { ListQuery } from '../../bindings/ListQuery';
import { withoutPaging } from '../../state/app.svelte';
import { defaultQuery } from '../../model';
import { MAX_LIMIT, PAGE_SIZE, RowSource } from './rowSource.svelte';

describe('RowSource', () => {
  it('fetches pages of 200 by offset, once each', async () => {
    const backend = new FakeBackend({ customers: 1000 });
    const source = new RowSource(backend);
    await source.reset(withoutPaging(defaultQuery()));
    expect(source.total).toBe(1000);
    await source.ensure(150, 450);
    await source.ensure(190, 420);
    const offsets = backend.callsOf('listCustomers').map(([q]) => (q as ListQuery).offset);
    expect(offsets).toEqual([0, 200, 400]);
    expect(source.row(450)?.name).toBeTruthy();
    expect(source.row(650)).toBeUndefined();
    expect(PAGE_SIZE).toBe(200);
  });

  it('ignores a reply to an older query', async () => {
    const backend = new FakeBackend({ customers: 10 });
    const slow: { resolve?: (p: ListPage) => void } = {};
    const real = backend.listCustomers.bind(backend);
    let first = true;
    backend.listCustomers = (q) => {
      if (first) {
        first = false;
        return new Promise((r) => (slow.resolve = r));
      }
      return real(q);
    };
    const source = new RowSource(backend);
    const old = source.reset({ ...withoutPaging(defaultQuery()), search: 'old' });
    await source.reset(withoutPaging(defaultQuery()));
    slow.resolve!({ total: 1, rows: [] });
    await old;
    expect(source.total).toBe(10);
  });

  it('keeps showing the old rows until the new query answers, then only new ones', async () => {
    const backend = new FakeBackend({ customers: 300 });
    const source = new RowSource(backend);
    await source.reset(withoutPaging(defaultQuery()));
    const oldFirst = source.row(0)?.name;
    const pending = source.reset({ ...withoutPaging(defaultQuery()), descending: true });
    expect(source.row(0)?.name).toBe(oldFirst);
    await pending;
    expect(source.row(0)?.name).not.toBe(oldFirst);
    expect(source.row(250)).toBeUndefined();
    await source.ensure(250, 250);
    const offsets = backend.callsOf('listCustomers').map(([q]) => (q as ListQuery).offset);
    expect(offsets).toEqual([0, 0, 200]);
  });

  it('reads a range across pages, fetching the missing ones and waiting for one on its way', async () => {
    const backend = new FakeBackend({ customers: 1000 });
    const source = new RowSource(backend);
    await source.reset(withoutPaging(defaultQuery()));
    const visible = source.ensure(400, 400);
    const rows = await source.rowsIn(150, 650);
    await visible;
    expect(rows?.map((r) => r.id)).toEqual(Array.from({ length: 501 }, (_, k) => source.row(150 + k)?.id));
    const offsets = backend.callsOf('listCustomers').map(([q]) => (q as ListQuery).offset);
    expect(offsets).toEqual([0, 400, 200, 600]);
  });

  it('reads every matching row in the largest pages, or nothing when the query changes meanwhile', async () => {
    const backend = new FakeBackend({ customers: 2500 });
    const source = new RowSource(backend);
    await source.reset(withoutPaging(defaultQuery()));
    const all = await source.allRows();
    expect(all).toHaveLength(2500);
    expect(new Set(all!.map((r) => r.id)).size).toBe(2500);
    const big = backend.callsOf('listCustomers').filter(([q]) => (q as ListQuery).limit === MAX_LIMIT);
    expect(big.map(([q]) => (q as ListQuery).offset)).toEqual([0, 1000, 2000]);
    const pending = source.allRows();
    void source.reset({ ...withoutPaging(defaultQuery()), search: 'x' });
    expect(await pending).toBeNull();
  });
});
