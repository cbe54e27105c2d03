// What a column of an imported sheet can become, grouped for the mapping <select>, and the
// conversions between a Target and the <select>'s string value.
import type { Target } from '../../bindings/Target';
import { t, type Key } from '../../i18n/index.svelte';

/** Every target but a custom field (which carries its name). */
export type NamedTarget = Exclude<Target, { custom: string }>;

export const TARGET_GROUPS: { key: Key; targets: NamedTarget[] }[] = [
  {
    key: 'import.group.customer',
    targets: [
      'name', 'firstName', 'lastName', 'kind', 'company', 'position', 'department', 'phones', 'emails',
      'address', 'wechatIds', 'industry', 'companySize', 'website', 'mainBusiness', 'source',
      'firstContactDate', 'firstContactBy', 'owner', 'birthday', 'contractExpiry', 'notes',
    ],
  },
  {
    key: 'import.group.status',
    targets: ['category', 'stage', 'lostReason', 'priority', 'tags', 'coreNeed', 'budget', 'decisionChain', 'deadline'],
  },
  { key: 'import.group.contact', targets: ['contactName', 'contactTitle', 'contactPhone', 'contactEmail'] },
  {
    key: 'import.group.followUp',
    targets: [
      'followUpAt', 'followUpMethod', 'followUpTopic', 'followUpContent', 'followUpFeedback',
      'followUpResult', 'nextAction', 'nextFollowUpAt', 'nextFollowUpBy', 'followUpBy',
    ],
  },
  {
    key: 'import.group.records',
    targets: [
      'opportunityAmount', 'dealAmount', 'dealDate', 'dealProduct', 'dealPaymentMethod',
      'serviceDate', 'serviceContent', 'serviceSatisfaction', 'nextService',
      'complaintReceived', 'complaintCategory', 'complaintSeverity', 'complaintStatus', 'complaintResolved', 'complaintResolution',
    ],
  },
];

/** The <select> value of "keep as a custom field". */
export const CUSTOM = '__custom';

export function targetValue(target: Target): string {
  return typeof target === 'string' ? target : CUSTOM;
}

/** The target a <select> value stands for; a custom field is named after the column. */
export function targetFrom(value: string, header: string): Target {
  return value === CUSTOM ? { custom: header } : (value as NamedTarget);
}

export function targetLabel(target: Target): string {
  return typeof target === 'string' ? t(`import.target.${target}` as Key) : t('import.target.custom');
}
