-- Rapport team book: the shared pool (公海). A claim that only the pool can give, the manager's
-- rule returning idle customers to the pool, and each customer's owner shown by name in the
-- replicas. Row-level security (0002) still decides who may read and write what; these
-- functions run as the person calling them (SECURITY INVOKER), so they add rules, never rights.

-- When the customer got its current owner: a claimed customer is not idle the day it is taken.
alter table rapport.customers add column owned_since timestamptz not null default now();

create function rapport.note_owned_since() returns trigger
language plpgsql
as $$
begin
  new.owned_since := now();
  return new;
end $$;

create trigger c_owned_since before update of owner on rapport.customers
  for each row when (new.owner is distinct from old.owner)
  execute function rapport.note_owned_since();

-- claim(customer, op id): takes a customer from the pool as the caller's own, through push (a
-- commit, the audit, NOTIFY), in one transaction. The row is locked first, so of two people
-- claiming at once the second waits, then finds it taken: SQLSTATE RP001 (rapport-sync's NotInPool).
-- A customer the caller may not see (a colleague's, or no such id) is not in their pool either.
create function rapport.claim(p_customer text, p_op_id text) returns bigint
language plpgsql security invoker
as $$
declare
  me text := rapport.me();
  o text;
begin
  if me is null then
    raise exception 'this login is not one of the team''s people' using errcode = '42501';
  end if;
  select c.owner into o from rapport.customers c
   where c.id = p_customer and c.deleted_at is null for update;
  if not found then
    -- Hidden from this salesperson: a colleague holds it now.
    raise exception 'customer % is no longer in the pool', p_customer using errcode = 'RP001';
  end if;
  if o is not null then
    raise exception 'customer % is no longer in the pool', p_customer
      using errcode = 'RP001';
  end if;
  return rapport.push(jsonb_build_array(jsonb_build_object(
    'op_id', p_op_id, 'table', 'customers', 'id', p_customer, 'kind', 'assign', 'owner', me)));
end $$;

-- The pool rule, one row: return a customer to the pool after this many days without a
-- follow-up (null: never, the default). Everybody reads it; managers and admins set it.
create table rapport.pool_rule (
  singleton boolean primary key default true check (singleton),
  return_after_days integer check (return_after_days between 1 and 3650),
  set_by text,
  set_at timestamptz
);
insert into rapport.pool_rule default values;
alter table rapport.pool_rule enable row level security;
alter table rapport.pool_rule force row level security;
grant select on rapport.pool_rule to rapport_salesperson, rapport_manager, rapport_admin;
grant update on rapport.pool_rule to rapport_manager, rapport_admin;
create policy see on rapport.pool_rule for select using (true);
create policy set on rapport.pool_rule for update
  using (rapport.is_manager()) with check (rapport.is_manager());

-- return_idle_to_pool(): gives every owned customer whose last follow-up (or, without one, the
-- day it got its owner) is older than the rule's days back to the pool, as a manager's
-- reassignment (one commit; records and departures follow by trigger). Returns how many.
-- Called by a manager's or admin's desktop about hourly; a salesperson's call is refused.
create function rapport.return_idle_to_pool() returns integer
language plpgsql security invoker
as $$
declare
  days integer;
  n integer;
begin
  if not rapport.is_manager() then
    raise exception 'only a manager or an admin returns customers to the pool'
      using errcode = '42501';
  end if;
  select return_after_days into days from rapport.pool_rule;
  if days is null then
    return 0;
  end if;
  update rapport.customers c set owner = null
   where c.owner is not null and c.deleted_at is null
     and greatest(c.owned_since, (
           select max((f.data ->> 'at')::timestamptz) from rapport.followups f
            where f.customer_id = c.id and f.deleted_at is null))
         < now() - make_interval(days => days);
  get diagnostics n = row_count;
  return n;
end $$;

-- A customer's "owner" field is sent as its owner's name on the server ('' in the pool), so
-- every replica shows the server's word and the owner filter / per-person figures group the
-- team by the same names: that is in changes_ranked (0011), which changes_since reads.
