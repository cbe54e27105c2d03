// The shared pool and the team roles' words in English (see team-pool.zh.ts).
import type { teamPoolZh } from './team-pool.zh';

export const teamPoolEn: Record<keyof typeof teamPoolZh, string> = {
  'pool.name': 'Pool',
  'pool.filter': 'Pool',
  'pool.filterTitle': 'Only customers in the shared pool (no owner: anyone may claim them)',
  'pool.claim': 'Claim',
  'pool.claiming': 'Claiming…',
  'pool.claimTitle': 'Claim {name} as your own customer',
  'pool.claimed': '{name} is yours now.',
  'pool.inPool': 'This customer is in the shared pool and has no owner yet.',
  'pool.myRole': 'My role: {role} ({name})',
  'pool.roleUnknown': 'Your role shows once the server has been reached.',
  'pool.rule.title': 'Return to the pool',
  'pool.rule.hint': "A customer whose owner has not followed up for this many days goes back to the shared pool for a colleague to claim. The server applies the rule; a manager's or admin's computer asks it to check about every hour.",
  'pool.rule.on': 'After',
  'pool.rule.days': 'days without a follow-up, return to the pool',
  'pool.rule.off': 'Off (default)',
  'pool.rule.save': 'Save rule',
  'pool.rule.saved': 'Saved.',
  'pool.rule.current.off': 'Now: customers are not returned.',
  'pool.rule.current.on': 'Now: returned after {n} days without a follow-up.',
  'pool.salespersonHint': "You see your own customers and the pool; the trash, people and targets are a manager's or an admin's.",
};
