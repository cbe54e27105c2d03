import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { DealInput } from '../bindings/DealInput';
import type { OpportunityInput } from '../bindings/OpportunityInput';
import type { Product } from '../bindings/Product';
import { agendaBook, renderApp, rowNames } from '../../test/helpers';

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const catalogue: Product[] = [
  { name: '服务器 X200', category: '硬件', listPrice: 1_280_000 },
  { name: '年度维保', category: '服务', listPrice: null },
];

async function openCustomer(products: Product[] = catalogue) {
  const book = await agendaBook({ settings: { products } });
  book.backend.calls = [];
  await renderApp(book.backend);
  await waitFor(() => expect(rowNames()).toContain('Gamma Tech'));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === 'Gamma Tech')!);
  await screen.findByTestId('timeline');
  return book;
}

describe('the deal and opportunity product picker', () => {
  it('offers the settings’ products and shows the picked one’s category', async () => {
    await openCustomer();
    await fireEvent.click(screen.getByTestId('add-deal'));
    await screen.findByTestId('deal-form');
    const input = screen.getByTestId('deal-product') as HTMLInputElement;
    const options = [...document.getElementById(input.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value);
    expect(options).toEqual(['服务器 X200', '年度维保']);
    await type('deal-product', '服务器 x200');
    expect(screen.getByTestId('deal-product-category').textContent).toBe('产品类别: 硬件');
    expect(screen.queryByTestId('deal-product-unlisted')).toBeNull();
  });

  it('keeps a product not in the list as typed and offers to add it to the list', async () => {
    const { backend, ids } = await openCustomer();
    await fireEvent.click(screen.getByTestId('add-deal'));
    await screen.findByTestId('deal-form');
    await type('deal-amount', '5000');
    await type('deal-product', ' 定制开发 ');
    expect(screen.getByTestId('deal-product-add').textContent?.trim()).toBe('加入产品列表：定制开发');

    await fireEvent.click(screen.getByTestId('deal-product-add'));
    await screen.findByTestId('deal-product-added');
    expect(backend.settings.products.map((p) => p.name)).toEqual(['服务器 X200', '年度维保', '定制开发']);
    expect(screen.queryByTestId('deal-product-unlisted')).toBeNull();

    // The deal itself keeps what was typed.
    await fireEvent.click(screen.getByTestId('deal-save'));
    await waitFor(() => expect(screen.queryByTestId('deal-form')).toBeNull());
    expect((backend.callsOf('addDeal')[0][1] as DealInput).productOrService).toBe(' 定制开发 ');
    expect([...backend.records.deals.values()].find((d) => d.customerId === ids.gamma)?.productOrService).toBe('定制开发');
  });

  it('saves a deal with a product not added to the list (nothing lost)', async () => {
    const { backend } = await openCustomer([]);
    await fireEvent.click(screen.getByTestId('add-deal'));
    await screen.findByTestId('deal-form');
    await type('deal-amount', '800');
    await type('deal-product', '培训');
    expect(screen.getByTestId('deal-product-unlisted')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('deal-save'));
    await waitFor(() => expect(screen.queryByTestId('deal-form')).toBeNull());
    expect((backend.callsOf('addDeal')[0][1] as DealInput).productOrService).toBe('培训');
    expect(backend.settings.products).toEqual([]);
  });

  it('an opportunity names a product from the list', async () => {
    const { backend } = await openCustomer();
    await fireEvent.click(screen.getByTestId('add-opportunity'));
    await screen.findByTestId('opportunity-form');
    await type('opportunity-need', '扩容');
    await type('opportunity-product', '年度维保');
    expect(screen.getByTestId('opportunity-product-category').textContent).toBe('产品类别: 服务');
    await fireEvent.click(screen.getByTestId('opportunity-save'));
    await waitFor(() => expect(screen.queryByTestId('opportunity-form')).toBeNull());
    expect((backend.callsOf('addOpportunity')[0][1] as OpportunityInput).product).toBe('年度维保');
    expect([...backend.records.opportunities.values()][0].product).toBe('年度维保');
  });
});
