-- Rapport team book, schema version 7: how long tombstones are kept. A deleted record stays
-- on the server as a tombstone (deleted_at set) so that every desktop's next pull removes it
-- too; rapport.purge_tombstones(keep_days) — run by an admin, e.g. nightly from cron (see
-- docs/team-server.md) — deletes the tombstones (and departures) older than that for good.
-- A desktop whose cursor is older than the newest commit purged that way may have missed one:
-- rapport.resync_needed(cursor) tells it to rebuild its replica from a full pull.

create table rapport.retention (
  singleton boolean primary key default true check (singleton),
  -- The newest commit number among the rows purged so far: a cursor below it missed some.
  purged_through bigint not null default 0,
  purged_at timestamptz
);
insert into rapport.retention default values;
alter table rapport.retention enable row level security;
alter table rapport.retention force row level security;
grant select on rapport.retention to rapport_salesperson, rapport_manager, rapport_admin;
grant update on rapport.retention to rapport_admin;
create policy see on rapport.retention for select using (true);
create policy purge on rapport.retention for update using (rapport.is_admin());

-- Whether a desktop that pulled up to `cursor` must pull everything again (0: a first pull,
-- which is a full pull anyway).
create function rapport.resync_needed(cursor bigint) returns boolean
language sql stable security invoker
as $$ select cursor > 0 and cursor < (select r.purged_through from rapport.retention r) $$;

-- Deletes the tombstones older than keep_days days: records in the trash, customers in the
-- trash with all their records, tags and tag links removed, departures. Admins only; returns
-- how many rows went. SECURITY INVOKER: the admin's own DELETE rights, through the policies.
create function rapport.purge_tombstones(keep_days integer) returns bigint
language plpgsql security invoker
as $$
declare
  cutoff timestamptz;
  top bigint := 0;
  gone bigint := 0;
  n bigint;
  t text;
begin
  if not rapport.is_admin() then
    raise exception 'only an admin purges tombstones' using errcode = '42501';
  end if;
  if keep_days is null or keep_days < 0 then
    raise exception 'keep_days must be 0 or more' using errcode = '22023';
  end if;
  cutoff := now() - make_interval(days => keep_days);
  -- The customers whose tombstones go, with every record of theirs.
  create temporary table purged_customers on commit drop as
    select c.id, c.commit_no from rapport.customers c
     where c.deleted_at is not null and c.deleted_at < cutoff;
  select greatest(top, coalesce(max(commit_no), 0)) into top from purged_customers;
  foreach t in array array['customer_tags', 'history', 'followups', 'opportunities', 'deals',
                           'services'] loop
    execute format('select coalesce(max(commit_no), 0) from rapport.%I r
                     where (r.deleted_at is not null and r.deleted_at < $1)
                        or r.customer_id in (select id from purged_customers)', t)
      into n using cutoff;
    top := greatest(top, n);
    execute format('delete from rapport.%I r
                     where (r.deleted_at is not null and r.deleted_at < $1)
                        or r.customer_id in (select id from purged_customers)', t)
      using cutoff;
    get diagnostics n = row_count;
    gone := gone + n;
  end loop;
  -- Tags in the trash, with any link still naming them.
  select greatest(top, coalesce(max(commit_no), 0)) into top from rapport.customer_tags l
   where l.tag_id in (select id from rapport.tags where deleted_at is not null and deleted_at < cutoff);
  delete from rapport.customer_tags l
   where l.tag_id in (select id from rapport.tags where deleted_at is not null and deleted_at < cutoff);
  get diagnostics n = row_count;
  gone := gone + n;
  select greatest(top, coalesce(max(commit_no), 0)) into top from rapport.tags
   where deleted_at is not null and deleted_at < cutoff;
  delete from rapport.tags where deleted_at is not null and deleted_at < cutoff;
  get diagnostics n = row_count;
  gone := gone + n;
  delete from rapport.customers where id in (select id from purged_customers);
  get diagnostics n = row_count;
  gone := gone + n;
  -- Departures are tombstones too (those just written for the purged customers are newer
  -- than the cutoff and stay, so every desktop still hears of the purge).
  select greatest(top, coalesce(max(commit_no), 0)) into top from rapport.departures
   where at < cutoff;
  delete from rapport.departures where at < cutoff;
  get diagnostics n = row_count;
  gone := gone + n;
  if gone > 0 then
    update rapport.retention set purged_through = greatest(purged_through, top), purged_at = now();
  end if;
  return gone;
end $$;

revoke all on function rapport.resync_needed(bigint), rapport.purge_tombstones(integer) from public;
grant execute on function rapport.resync_needed(bigint)
  to rapport_salesperson, rapport_manager, rapport_admin;
grant execute on function rapport.purge_tombstones(integer) to rapport_admin;
