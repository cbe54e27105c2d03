// A team role's words: the dictionary key of `salesperson` / `manager` / `admin`.
export const roleKey = (r: string) =>
  r === 'admin' ? 'team.role.admin' : r === 'manager' ? 'team.role.manager' : 'team.role.salesperson';
