-- Rapport team book, schema version 2: who may see and change what, enforced by PostgreSQL
-- row-level security. FORCE applies the policies to the tables' owner (the installer) too, so
-- nobody reads around them by accident; only a superuser or BYPASSRLS role does.
--
--   rapport_salesperson  own customers and their records + the shared pool (公海: customers
--                        without owner), may claim from it; never another person's customers
--   rapport_manager      all of the team's customers and records, reassigns them
--   rapport_admin        everything, plus people, team settings and purge (DELETE)

-- Helpers, SECURITY INVOKER (the default): they read as the person asking.
create function rapport.me() returns text
language sql stable
as $$ select id from rapport.people where login = current_user and deleted_at is null $$;

create function rapport.is_admin() returns boolean
language sql stable
as $$ select pg_has_role(current_user, 'rapport_admin', 'MEMBER') $$;

create function rapport.is_manager() returns boolean
language sql stable
as $$ select pg_has_role(current_user, 'rapport_manager', 'MEMBER') or rapport.is_admin() $$;

-- Mine, the pool's, or the whole team's for managers and admins.
create function rapport.may_see(owner text) returns boolean
language sql stable
as $$ select rapport.is_manager() or owner is null or owner = rapport.me() $$;

grant usage on schema rapport to rapport_salesperson, rapport_manager, rapport_admin;

do $$
declare
  t text;
begin
  foreach t in array array['people', 'customers', 'followups', 'opportunities', 'deals',
                           'services', 'history', 'tags', 'customer_tags', 'team_settings',
                           'commits', 'applied_ops', 'audit'] loop
    execute format('alter table rapport.%I enable row level security', t);
    execute format('alter table rapport.%I force row level security', t);
  end loop;
  -- Records: read and write what you may see; purge (DELETE) is the admin's.
  foreach t in array array['customers', 'followups', 'opportunities', 'deals', 'services',
                           'history', 'customer_tags'] loop
    execute format('grant select, insert, update on rapport.%I to rapport_salesperson, rapport_manager, rapport_admin', t);
    execute format('grant delete on rapport.%I to rapport_admin', t);
    execute format('create policy see on rapport.%I for select using (rapport.may_see(owner))', t);
    execute format('create policy purge on rapport.%I for delete using (rapport.is_admin())', t);
  end loop;
  foreach t in array array['followups', 'opportunities', 'deals', 'services', 'history',
                           'customer_tags'] loop
    -- The owner column is the customer's (set by trigger before the check runs).
    execute format('create policy add on rapport.%I for insert with check (rapport.may_see(owner))', t);
    execute format('create policy edit on rapport.%I for update using (rapport.may_see(owner)) with check (rapport.may_see(owner))', t);
  end loop;
  -- Everybody reads people, tags and team settings (names for the owner picker, the vocabulary).
  foreach t in array array['people', 'tags', 'team_settings'] loop
    execute format('grant select on rapport.%I to rapport_salesperson, rapport_manager', t);
    execute format('grant select, insert, update, delete on rapport.%I to rapport_admin', t);
    execute format('create policy see on rapport.%I for select using (true)', t);
    execute format('create policy admin on rapport.%I for all using (rapport.is_admin()) with check (rapport.is_admin())', t);
  end loop;
end $$;

-- Customers: a salesperson creates customers for themself or the pool, edits their own, and
-- claims from the pool (the new row must be theirs); managers reassign freely.
create policy add on rapport.customers for insert
  with check (rapport.is_manager() or owner is null or owner = rapport.me());
create policy edit on rapport.customers for update
  using (rapport.may_see(owner))
  with check (rapport.is_manager() or owner = rapport.me());

-- Tags are shared: everyone adds and renames them; removing one is the admin's (policy above).
grant insert, update on rapport.tags to rapport_salesperson, rapport_manager;
create policy add on rapport.tags for insert with check (true);
create policy edit on rapport.tags for update using (true) with check (true);

-- Commits: everybody reads the log; rows come only from rapport.current_commit() (its owner's
-- privileges), so nobody inserts a number out of order.
grant select on rapport.commits to rapport_salesperson, rapport_manager, rapport_admin;
create policy see on rapport.commits for select using (true);
create policy add on rapport.commits for insert with check (true);

-- Applied operations: each person sees and records their own (admins see all).
grant select, insert on rapport.applied_ops to rapport_salesperson, rapport_manager, rapport_admin;
create policy own on rapport.applied_ops for select
  using (applied_by = current_user or rapport.is_admin());
create policy add on rapport.applied_ops for insert with check (applied_by = current_user);

-- Audit: managers and admins read it; rows come only from the audit trigger (its owner's
-- privileges, see 0003); no UPDATE or DELETE policy exists, so no row ever changes.
grant select on rapport.audit to rapport_manager, rapport_admin;
create policy see on rapport.audit for select using (rapport.is_manager());
create policy add on rapport.audit for insert with check (true);
