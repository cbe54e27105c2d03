-- Rapport team book, schema version 3: commit numbers, row versions, the audit trail, NOTIFY,
-- and the two functions the desktop calls: push(ops) and changes_since(cursor).

-- The commit number of the current transaction, created at its first write.
-- Writers take one advisory lock (held until they commit or roll back) before their number is
-- drawn, so numbers are handed out in the order transactions commit: a reader whose cursor is N
-- has seen every commit ≤ N and can never miss one that commits later with a smaller number.
-- A team of 1–20 people writes rarely enough for one writer at a time.
-- SECURITY DEFINER (owner: the installer) because the commits table takes no INSERT from the
-- team's roles: every number must come through this lock. search_path is pinned, as it must be
-- for a definer function.
create function rapport.current_commit() returns bigint
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
declare
  mark text := current_setting('rapport.commit', true);
  n bigint;
begin
  if mark is not null and mark <> '' and split_part(mark, ':', 1) = txid_current()::text then
    return split_part(mark, ':', 2)::bigint;
  end if;
  perform pg_advisory_xact_lock(7203114);
  -- The time under the lock (clock_timestamp, not now(): the transaction's start), so the
  -- times follow the numbers.
  insert into rapport.commits (committed_by, committed_at)
    values (session_user, clock_timestamp()) returning commit_no into n;
  perform set_config('rapport.commit', txid_current()::text || ':' || n, true);
  -- A wake-up only (delivered when the transaction commits); clients then pull.
  perform pg_notify('rapport_changes', n::text);
  return n;
end $$;
revoke all on function rapport.current_commit() from public;
grant execute on function rapport.current_commit() to rapport_salesperson, rapport_manager, rapport_admin;

-- Row version and commit number: set by the server, whatever a client sends.
create function rapport.stamp() returns trigger
language plpgsql
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
  else
    new.version := old.version + 1;
  end if;
  new.commit_no := rapport.current_commit();
  return new;
end $$;

-- A record's owner is its customer's; the customer must be visible to the writer.
create function rapport.inherit_owner() returns trigger
language plpgsql
as $$
begin
  if tg_op = 'UPDATE' and new.customer_id is distinct from old.customer_id then
    raise exception 'a record cannot move to another customer' using errcode = '22023';
  end if;
  select c.owner into new.owner from rapport.customers c where c.id = new.customer_id;
  if not found then
    raise exception 'customer % not found', new.customer_id using errcode = '42501';
  end if;
  return new;
end $$;

-- A customer's records follow it when it changes hands (new commit number, so the new owner's
-- next pull brings them).
create function rapport.move_records() returns trigger
language plpgsql
as $$
declare
  t text;
begin
  foreach t in array array['followups', 'opportunities', 'deals', 'services', 'history',
                           'customer_tags'] loop
    execute format('update rapport.%I set owner = $1 where customer_id = $2', t)
      using new.owner, new.id;
  end loop;
  return null;
end $$;

-- The audit trail: who, when, which record, which field, old → new.
-- SECURITY DEFINER so that the team's roles need no INSERT on rapport.audit and cannot write
-- rows of their own into it. Inside a definer function current_user is the owner, so "who" is
-- session_user: the person's login (team members log in as themselves and never SET ROLE).
create function rapport.audit_row() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
declare
  o jsonb;
  n jsonb;
  k text;
  c bigint;
begin
  if tg_op = 'INSERT' then
    insert into rapport.audit (who, commit_no, record_table, record_id, field, old_value, new_value)
    values (session_user, new.commit_no, tg_table_name, new.id, null, null, to_jsonb(new));
  elsif tg_op = 'DELETE' then
    insert into rapport.audit (who, commit_no, record_table, record_id, field, old_value, new_value)
    values (session_user, rapport.current_commit(), tg_table_name, old.id, null, to_jsonb(old), null);
  else
    c := new.commit_no;
    o := to_jsonb(old) - 'version' - 'commit_no' - 'data';
    n := to_jsonb(new) - 'version' - 'commit_no' - 'data';
    for k in select key from jsonb_each(o) union select key from jsonb_each(n) loop
      if o -> k is distinct from n -> k then
        insert into rapport.audit (who, commit_no, record_table, record_id, field, old_value, new_value)
        values (session_user, c, tg_table_name, new.id, k, o -> k, n -> k);
      end if;
    end loop;
    o := old.data;
    n := new.data;
    for k in select key from jsonb_each(o) union select key from jsonb_each(n) loop
      if o -> k is distinct from n -> k then
        insert into rapport.audit (who, commit_no, record_table, record_id, field, old_value, new_value)
        values (session_user, c, tg_table_name, new.id, 'data.' || k, o -> k, n -> k);
      end if;
    end loop;
  end if;
  return null;
end $$;
revoke all on function rapport.audit_row() from public;

create function rapport.audit_is_append_only() returns trigger
language plpgsql
as $$
begin
  raise exception 'rapport.audit is append-only' using errcode = '42501';
end $$;
create trigger append_only before update or delete on rapport.audit
  for each row execute function rapport.audit_is_append_only();
create trigger append_only_truncate before truncate on rapport.audit
  for each statement execute function rapport.audit_is_append_only();

do $$
declare
  t text;
begin
  foreach t in array array['people', 'customers', 'followups', 'opportunities', 'deals',
                           'services', 'history', 'tags', 'customer_tags', 'team_settings'] loop
    execute format('create trigger b_stamp before insert or update on rapport.%I
                    for each row execute function rapport.stamp()', t);
    execute format('create trigger z_audit after insert or update or delete on rapport.%I
                    for each row execute function rapport.audit_row()', t);
  end loop;
  foreach t in array array['followups', 'opportunities', 'deals', 'services', 'history',
                           'customer_tags'] loop
    -- "a_" runs before "b_stamp" (triggers fire in name order).
    execute format('create trigger a_owner before insert or update on rapport.%I
                    for each row execute function rapport.inherit_owner()', t);
  end loop;
end $$;
create trigger move_records after update of owner on rapport.customers
  for each row when (new.owner is distinct from old.owner)
  execute function rapport.move_records();
