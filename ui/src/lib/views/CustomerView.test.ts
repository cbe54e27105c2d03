import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { CustomerInput } from '../bindings/CustomerInput';
import { FakeBackend } from '../api/fakeBackend';
import { renderApp, rowNames, smallBook } from '../../test/helpers';

const type = (testid: string, value: string) =>
  fireEvent.input(screen.getByTestId(testid), { target: { value } });
const choose = (testid: string, value: string) =>
  fireEvent.change(screen.getByTestId(testid), { target: { value } });

async function openNewForm() {
  await fireEvent.click(await screen.findByTestId('new-customer'));
  return screen.findByTestId('field-name');
}

describe('customer form', () => {
  it('shows the backend error under the lost reason, then saves once a reason is given', async () => {
    const { backend } = await renderApp(await smallBook());
    await openNewForm();
    await type('field-name', 'Delta Steel');
    await choose('field-stage', 'lost');
    await fireEvent.click(screen.getByTestId('save-customer'));

    const error = await screen.findByTestId('field-error-lostReason');
    expect(error.textContent).toContain('流失原因');
    expect(screen.getByTestId('form-error').textContent).toContain('流失原因');
    expect(screen.getByTestId('field-lostReason').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('field-lostReason'));
    expect(backend.customers.size).toBe(3);

    await type('field-lostReason', '价格太高');
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Delta Steel'));
    expect(screen.queryByTestId('field-error-lostReason')).toBeNull();
    expect(screen.queryByTestId('form-error')).toBeNull();
    const creates = backend.callsOf('createCustomer');
    expect(creates).toHaveLength(2);
    expect(creates[1][0]).toMatchObject({ name: 'Delta Steel', stage: 'lost', lostReason: '价格太高' });
    expect(backend.customers.size).toBe(4);
  });

  it('hides the lost reason unless the stage is lost', async () => {
    await renderApp(new FakeBackend());
    await openNewForm();
    expect(screen.queryByTestId('field-lostReason')).toBeNull();
    await choose('field-stage', 'lost');
    expect(screen.getByTestId('field-lostReason')).toBeTruthy();
  });

  it('puts an error on a listed field under that exact entry', async () => {
    await renderApp(new FakeBackend());
    await openNewForm();
    await type('field-name', 'Echo');
    await fireEvent.click(screen.getByTestId('add-email'));
    await type('email-0', 'good@example.com');
    await type('email-1', 'not-an-email');
    await fireEvent.click(screen.getByTestId('save-customer'));
    expect((await screen.findByTestId('field-error-emails[1]')).textContent).toContain('2');
    expect(screen.queryByTestId('field-error-emails[0]')).toBeNull();
  });

  it('sends every section: phones, contacts, custom fields and tags typed with Enter', async () => {
    const { backend } = await renderApp(await smallBook());
    await openNewForm();
    await choose('field-kind', 'person');
    await type('field-name', '赵敏');
    await type('field-company', 'Zhao Studio');
    await type('phone-0', '139 1234 5678');
    await fireEvent.click(screen.getByTestId('add-phone'));
    await type('phone-1', '021-5555 0000');
    await fireEvent.click(screen.getByTestId('add-contact'));
    await type('contact-name-0', '钱明');
    await type('contact-title-0', '总经理');
    await type('contact-email-0', 'qian@example.com');
    await choose('field-category', 'readyToBuy');
    await choose('field-priority', 'high');
    await type('field-owner', '王强');
    await fireEvent.click(screen.getByTestId('add-custom-field'));
    await type('custom-name-0', '合同金额');
    await choose('custom-type-0', 'number');
    await type('custom-value-0', '120000');
    const tagInput = screen.getByTestId('tag-input');
    await fireEvent.input(tagInput, { target: { value: 'vip' } });
    await fireEvent.keyDown(tagInput, { key: 'Enter' });
    await fireEvent.input(tagInput, { target: { value: '新标签' } });
    await fireEvent.keyDown(tagInput, { key: 'Enter' });
    await fireEvent.click(screen.getByTestId('save-customer'));

    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('赵敏'));
    const sent = backend.callsOf('createCustomer')[0][0] as CustomerInput;
    expect(sent).toMatchObject({
      kind: 'person',
      company: 'Zhao Studio',
      phones: ['139 1234 5678', '021-5555 0000'],
      category: 'readyToBuy',
      priority: 'high',
      owner: '王强',
      tags: ['VIP', '新标签'],
      customFields: [{ name: '合同金额', value: { type: 'number', value: 120000 } }],
    });
    expect(sent.contacts[0]).toMatchObject({ name: '钱明', title: '总经理', email: 'qian@example.com' });
    const chips = screen.getAllByTestId('detail-tag').map((c) => c.getAttribute('data-name'));
    expect(chips).toEqual(['VIP', '新标签']);
  });

  it('edits an existing customer and moves it to the trash', async () => {
    const { backend } = await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId('customer-row')[0]);
    await waitFor(() => expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Alpha Trading'));
    expect(screen.getAllByTestId('detail-tag').map((c) => c.getAttribute('data-name'))).toEqual(['VIP']);
    expect((screen.getByTestId('phone-0') as HTMLInputElement).value).toBe('138 0000 1111');

    await type('field-name', 'Alpha Trading Group');
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Alpha Trading Group'));
    const [id, input] = backend.callsOf('updateCustomer')[0] as [string, CustomerInput];
    expect(input).toMatchObject({ name: 'Alpha Trading Group', tags: ['VIP'], phones: ['138 0000 1111'] });

    await fireEvent.click(screen.getByTestId('delete-customer'));
    await waitFor(() => expect(rowNames()).toEqual(['Beta Foods', 'Gamma Tech']));
    expect(backend.callsOf('trashCustomer')).toEqual([[id]]);
  });

  it('cancel returns to the list without saving', async () => {
    const { backend } = await renderApp(await smallBook());
    await openNewForm();
    await type('field-name', 'Never saved');
    await fireEvent.click(screen.getByTestId('cancel-edit'));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(backend.callsOf('createCustomer')).toHaveLength(0);
  });
});
