// The owner picker's words (a team book's customer page and new-customer form), spread into
// zh.ts and en.ts. Kept apart so the feature touches the shared dictionaries by one line each.
export const teamAssignZh = {
  'teamAssign.owner': '负责人（团队）',
  'teamAssign.pool': '公海（无负责人）',
  'teamAssign.me': '（我）',
  'teamAssign.sending': '正在交给服务器…',
  'teamAssign.done': '已交给 {name}',
  'teamAssign.doneToPool': '已放入公海',
  'teamAssign.later': '保存客户后交给 {name}',
  'teamAssign.hint': '由团队服务器决定：经理和管理员可以给客户换负责人。',
  'teamAssign.managersOnly': '经理和管理员可以给客户换负责人',
};

export const teamAssignEn: Record<keyof typeof teamAssignZh, string> = {
  'teamAssign.owner': 'Owner (team)',
  'teamAssign.pool': 'Shared pool (no owner)',
  'teamAssign.me': ' (me)',
  'teamAssign.sending': 'Sending to the server…',
  'teamAssign.done': 'Now with {name}',
  'teamAssign.doneToPool': 'Now in the shared pool',
  'teamAssign.later': 'Goes to {name} once the customer is saved',
  'teamAssign.hint': 'The team’s server decides: managers and admins can change a customer’s owner.',
  'teamAssign.managersOnly': 'Managers and admins change owners',
};
