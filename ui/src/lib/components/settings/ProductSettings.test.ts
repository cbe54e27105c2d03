import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import type { Product } from '../../bindings/Product';
import { renderApp } from '../../../test/helpers';

const catalogue: Product[] = [
  { name: '服务器 X200', category: '硬件', listPrice: 1_280_000 },
  { name: '年度维保', category: '服务', listPrice: null },
];

async function openSettings(products: Product[] = catalogue, language: 'zh' | 'en' = 'zh') {
  const backend = new FakeBackend({ settings: { products, language } });
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('product-settings');
  backend.calls = [];
  return backend;
}

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const names = () =>
  within(screen.getByTestId('product-settings'))
    .queryAllByTestId(/^products-name-/)
    .map((i) => (i as HTMLInputElement).value);

describe('product settings', () => {
  it('lists the products with their category and price in yuan', async () => {
    await openSettings();
    expect(names()).toEqual(['服务器 X200', '年度维保']);
    expect((screen.getByTestId('products-category-0') as HTMLInputElement).value).toBe('硬件');
    expect((screen.getByTestId('products-price-0') as HTMLInputElement).value).toBe('12800');
    expect((screen.getByTestId('products-price-1') as HTMLInputElement).value).toBe('');
  });

  it('adds, renames and removes, then saves (blank rows dropped)', async () => {
    const backend = await openSettings();
    await fireEvent.click(screen.getByTestId('products-add'));
    await type('products-name-2', ' 存储 S10 ');
    await type('products-category-2', '硬件');
    await type('products-price-2', '3,500.50');
    await fireEvent.click(screen.getByTestId('products-add'));
    await type('products-name-1', '年度维保（标准）');
    await fireEvent.click(screen.getByTestId('products-remove-0'));
    await fireEvent.click(screen.getByTestId('products-save'));
    await screen.findByTestId('products-saved');
    expect(backend.settings.products).toEqual([
      { name: '年度维保（标准）', category: '服务', listPrice: null },
      { name: '存储 S10', category: '硬件', listPrice: 350_050 },
    ]);
    expect(names()).toEqual(['年度维保（标准）', '存储 S10']);
  });

  it('removing a product used by deals keeps the deals’ product name', async () => {
    const backend = await openSettings();
    const c = await backend.createCustomer({ ...(await import('../../model')).emptyInput(), name: 'Alpha' });
    await backend.addDeal(c.id, { date: '2025-03-01', amount: 100_000, productOrService: '服务器 X200', paymentMethod: 'online', salesperson: '', notes: '' });
    await fireEvent.click(screen.getByTestId('products-remove-0'));
    await fireEvent.click(screen.getByTestId('products-save'));
    await screen.findByTestId('products-saved');
    expect(backend.settings.products.map((p) => p.name)).toEqual(['年度维保']);
    expect([...backend.records.deals.values()][0].productOrService).toBe('服务器 X200');
  });

  it('refuses a duplicate or nameless product naming the row, in the user’s language, and keeps the rows', async () => {
    const backend = await openSettings();
    await fireEvent.click(screen.getByTestId('products-add'));
    await type('products-name-2', '服务器 x200');
    await fireEvent.click(screen.getByTestId('products-save'));
    expect((await screen.findByTestId('products-error')).textContent).toBe('产品 3 – 名称：重复');
    expect(backend.settings.products).toEqual(catalogue);
    expect(names()).toEqual(['服务器 X200', '年度维保', '服务器 x200']);

    await type('products-name-2', '');
    await type('products-category-2', '硬件');
    await fireEvent.click(screen.getByTestId('products-save'));
    await waitFor(() => expect(screen.getByTestId('products-error').textContent).toBe('产品 3 – 名称：不能为空'));

    await type('products-name-2', '新品');
    await type('products-price-2', '十元');
    await fireEvent.click(screen.getByTestId('products-save'));
    await waitFor(() => expect(screen.getByTestId('products-error').textContent).toBe('第 3 个产品的标价不是有效金额'));
    expect(backend.callsOf('saveSettings')).toHaveLength(2);
  });

  it('shows the demo’s products after the demo is loaded, and a later save keeps them', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    await fireEvent.click(await screen.findByTestId('load-demo'));
    await waitFor(() => expect(backend.callsOf('loadDemoData')).toHaveLength(1));
    await waitFor(() => expect(backend.callsOf('getSettings').length).toBeGreaterThan(0));
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('product-settings');
    expect(names()).toEqual(['客户管理系统（专业版）', '年度维保服务', '硬件扩容']);
    await fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'en' } });
    await waitFor(() => expect(backend.settings.language).toBe('en'));
    expect(backend.settings.products).toHaveLength(3);
  });

  it('speaks English', async () => {
    await openSettings(catalogue, 'en');
    await fireEvent.click(screen.getByTestId('products-add'));
    await type('products-name-2', '年度维保');
    await fireEvent.click(screen.getByTestId('products-save'));
    expect((await screen.findByTestId('products-error')).textContent).toBe('Product 3 – Name is used twice');
    expect(screen.getByTestId('product-settings').querySelector('h2')?.textContent).toBe('Products');
  });
});
