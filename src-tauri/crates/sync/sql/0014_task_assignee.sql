-- Rapport team book, schema version 14: a customer's audit includes its stage tasks; and a
-- change of hands made on the server (a manager's
-- assignment from any desktop) passes the customer's open stage tasks that were the former
-- owner's to do to the new owner, as a handover on a desktop does
-- (rapport-core's store/customers/handover.rs); a task named for someone else, or done, keeps
-- its person. A customer going to or coming from the pool has no person on one side: its tasks
-- keep theirs.

-- 0013's, with the tasks' assignee.
create or replace function rapport.move_records() returns trigger
language plpgsql
as $$
declare
  t text;
  was text;
  becomes text;
begin
  foreach t in array array['followups', 'opportunities', 'deals', 'services', 'tasks',
                           'history', 'customer_tags'] loop
    execute format('update rapport.%I set owner = $1 where customer_id = $2', t)
      using new.owner, new.id;
  end loop;
  if old.owner is not null and new.owner is not null then
    select name into was from rapport.people where id = old.owner;
    select name into becomes from rapport.people where id = new.owner;
    if was is not null and becomes is not null and was <> becomes then
      update rapport.tasks
         set data = jsonb_set(data, '{assignee}', to_jsonb(becomes))
       where customer_id = new.id
         and data ->> 'assignee' = was
         and coalesce(data ->> 'doneAt', '') = '';
    end if;
  end if;
  return null;
end $$;

-- 0009's customer audit, with the customer's stage tasks among its records.
create or replace function rapport.customer_audit(p_customer text, p_before bigint, p_limit integer)
returns table (audit_id bigint, at timestamptz, who text, who_name text, record_table text,
               record_id text, field text, old_value jsonb, new_value jsonb)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  o text;
begin
  select c.owner into o from rapport.customers c where c.id = p_customer;
  if not found then
    return;
  end if;
  if not (pg_has_role(session_user, 'rapport_manager', 'MEMBER')
          or pg_has_role(session_user, 'rapport_admin', 'MEMBER')
          or o is null
          or o = (select p.id from rapport.people p
                   where p.login = session_user and p.deleted_at is null)) then
    return;
  end if;
  return query
    with ids (t, id) as (
      select 'customers'::text, p_customer
      union all select 'followups', f.id from rapport.followups f where f.customer_id = p_customer
      union all select 'opportunities', r.id from rapport.opportunities r where r.customer_id = p_customer
      union all select 'deals', r.id from rapport.deals r where r.customer_id = p_customer
      union all select 'services', r.id from rapport.services r where r.customer_id = p_customer
      union all select 'tasks', r.id from rapport.tasks r where r.customer_id = p_customer
      union all select 'customer_tags', r.id from rapport.customer_tags r where r.customer_id = p_customer
    )
    select a.audit_id, a.at, a.who, coalesce(pe.name, a.who), a.record_table, a.record_id,
           a.field, a.old_value, a.new_value
      from ids
      join rapport.audit a on a.record_table = ids.t and a.record_id = ids.id
      left join rapport.people pe on pe.login = a.who
     where (p_before is null or a.audit_id < p_before)
       and a.field is distinct from 'data.updatedAt'
       and (a.field is distinct from 'owner' or a.record_table = 'customers')
     order by a.audit_id desc
     limit greatest(1, least(coalesce(p_limit, 200), 1000));
end $$;
