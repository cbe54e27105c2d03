// The customer rules of the real backend that the UI depends on, for the fake: required name,
// valid emails, named contacts, a reason for stage "lost"; lists trimmed of empty entries.
import type { CustomerInput } from '../bindings/CustomerInput';

const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;

/** Throws through `invalid(field, zh, en)`; returns the normalised copy. */
export function validateCustomer(
  input: CustomerInput,
  invalid: (field: string, zh: string, en: string) => never,
): CustomerInput {
  const i = structuredClone(input);
  i.name = i.name.trim();
  if (!i.name) invalid('name', '名称不能为空', 'Name is required');
  i.emails.forEach((e, n) => {
    if (e.trim() && !EMAIL.test(e.trim()))
      invalid(`emails[${n}]`, `邮箱 ${n + 1}不是有效的邮箱地址`, `Email ${n + 1} is not a valid email address`);
  });
  i.contacts.forEach((c, n) => {
    if (!c.name.trim())
      invalid(`contacts[${n}].name`, `联系人 ${n + 1} – 名称不能为空`, `Contact ${n + 1} – Name is required`);
  });
  i.lostReason = i.lostReason.trim();
  if (i.stage === 'lost' && !i.lostReason)
    invalid('lostReason', '流失原因阶段为“流失”时必须填写', 'Reason for loss is required when the stage is Lost');
  if (i.stage !== 'lost') i.lostReason = '';
  i.phones = i.phones.map((p) => p.trim()).filter(Boolean);
  i.emails = i.emails.map((p) => p.trim()).filter(Boolean);
  i.wechatIds = i.wechatIds.map((p) => p.trim()).filter(Boolean);
  return i;
}
