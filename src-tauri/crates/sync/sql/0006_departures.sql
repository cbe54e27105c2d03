-- Rapport team book, schema version 6: customers leaving a person's view. Row-level security
-- hides a customer reassigned away from me (or claimed from the pool by a colleague), so
-- changes_since alone would never tell my desktop to drop it. Each change of hands (and each
-- purge) leaves a departure here; changes_since returns it to whoever could see the customer
-- before and cannot now, as a 'departed' row naming only the customer's id.

create table rapport.departures (
  departure_id bigserial primary key,
  customer_id text not null,
  -- The owner before the change (null: the pool), which decides who is told.
  was_owner text,
  commit_no bigint not null,
  at timestamptz not null default now()
);
create index on rapport.departures (commit_no);
create index on rapport.departures (customer_id);

alter table rapport.departures enable row level security;
alter table rapport.departures force row level security;
grant select on rapport.departures to rapport_salesperson, rapport_manager, rapport_admin;
grant delete on rapport.departures to rapport_admin;
-- Whoever could see the customer before: its former owner, everyone while it was in the pool,
-- managers always (they only ever learn of purges).
create policy see on rapport.departures for select using (rapport.may_see(was_owner));
create policy add on rapport.departures for insert with check (true);
create policy purge on rapport.departures for delete using (rapport.is_admin());

-- Written by trigger only. SECURITY DEFINER, as the audit trail: the team's roles hold no
-- INSERT on the table.
create function rapport.note_departure() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
begin
  insert into rapport.departures (customer_id, was_owner, commit_no)
  values (old.id, old.owner, rapport.current_commit());
  return null;
end $$;
revoke all on function rapport.note_departure() from public;

create trigger y_departure_owner after update of owner on rapport.customers
  for each row when (new.owner is distinct from old.owner)
  execute function rapport.note_departure();
create trigger y_departure_purge after delete on rapport.customers
  for each row execute function rapport.note_departure();

create or replace function rapport.changes_since(since bigint)
returns table (record_table text, id text, customer_id text, owner text, data jsonb,
               version bigint, commit_no bigint, deleted_at timestamptz)
language sql stable security invoker
as $$
  select * from (
    select 'people', p.id, null::text, p.owner,
           p.data || jsonb_build_object('name', p.name, 'login', p.login, 'role', p.role),
           p.version, p.commit_no, p.deleted_at
      from rapport.people p where p.commit_no > since
    union all
    select 'customers', c.id, null, c.owner, c.data, c.version, c.commit_no, c.deleted_at
      from rapport.customers c where c.commit_no > since
    union all
    select 'followups', r.id, r.customer_id, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.followups r where r.commit_no > since
    union all
    select 'opportunities', r.id, r.customer_id, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.opportunities r where r.commit_no > since
    union all
    select 'deals', r.id, r.customer_id, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.deals r where r.commit_no > since
    union all
    select 'services', r.id, r.customer_id, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.services r where r.commit_no > since
    union all
    select 'history', r.id, r.customer_id, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.history r where r.commit_no > since
    union all
    select 'tags', r.id, null, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.tags r where r.commit_no > since
    union all
    select 'customer_tags', r.id, r.customer_id, r.owner, r.data || jsonb_build_object('tag_id', r.tag_id),
           r.version, r.commit_no, r.deleted_at
      from rapport.customer_tags r where r.commit_no > since
    union all
    select 'team_settings', r.id, null, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.team_settings r where r.commit_no > since
    union all
    -- Customers that left this person's view (reassigned, claimed by someone else) or were
    -- purged: the customer's id, nothing else; the book removes it with its records.
    select 'departed', d.customer_id, d.customer_id, null, '{}'::jsonb, 0::bigint,
           max(d.commit_no), null::timestamptz
      from rapport.departures d
     where d.commit_no > since
       and not exists (select from rapport.customers c where c.id = d.customer_id)
     group by d.customer_id
  ) changed
  order by 7, 1, 2
$$;
