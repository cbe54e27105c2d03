// How an overwritten value (a customer field edited on two computers of a team book, the loser
// kept in history by the team server) reads on the timeline: the field by its form label, the
// value as the form would show it. The server sends the field's JSON name and the value as text
// (a list or a group of fields as JSON).
import type { Key } from '../../i18n/zh';
import { formatDate, i18n, sourceLabel, t } from '../../i18n/index.svelte';
import { stageLabel } from '../../state/stages.svelte';

const FORM_FIELDS = new Set([
  'kind', 'name', 'company', 'position', 'department', 'phones', 'emails', 'address', 'wechatIds', 'industry',
  'companySize', 'website', 'mainBusiness', 'source', 'firstContactDate', 'firstContactBy', 'owner', 'birthday',
  'contractExpiry', 'notes', 'category', 'stage', 'lostReason', 'priority',
]);
const SECTIONS: Record<string, Key> = { contacts: 'form.section.contacts', needs: 'form.section.needs', customFields: 'form.section.custom' };
const DATES = new Set(['firstContactDate', 'birthday', 'contractExpiry']);
const CHOICES: Record<string, string> = { category: 'category', priority: 'priority', kind: 'kind' };

/** The form's label of a customer field; a field this version does not know, by its name. */
export function fieldLabel(field: string): string {
  if (FORM_FIELDS.has(field)) return t(`form.${field}` as Key);
  return SECTIONS[field] ? t(SECTIONS[field]) : field;
}

/** The overwritten value as shown: "—" when it was empty, choices and dates by their labels, a list joined. */
export function lostValue(field: string, lost: string): string {
  if (!lost) return '—';
  if (field === 'stage') return stageLabel(lost as Parameters<typeof stageLabel>[0]);
  if (field === 'source') return sourceLabel(lost);
  if (CHOICES[field]) {
    const key = `${CHOICES[field]}.${lost}` as Key;
    const label = t(key);
    return label === key ? lost : label;
  }
  if (DATES.has(field)) return formatDate(lost);
  if (lost.startsWith('[') || lost.startsWith('{')) {
    try {
      const parts = leaves(JSON.parse(lost));
      if (parts.length) return parts.join(i18n.lang === 'zh' ? '、' : ', ');
    } catch {
      // Not JSON after all: shown as sent.
    }
  }
  return lost;
}

/** The texts and numbers inside a list or a group of fields (contacts, needs, custom fields), in order; not the type tags. */
function leaves(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => (k === 'type' ? [] : leaves(x)));
  return [];
}
