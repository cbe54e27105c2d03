-- Rapport team book: a customer's audit, one click away on every desktop.
-- rapport.audit is read by managers and admins only (0002), yet a salesperson may ask what
-- happened to a customer they see. rapport.customer_audit answers that question and nothing
-- more: the audit rows of ONE customer and of its records (follow-ups, opportunities, deals,
-- services, tag links; history events are the timeline's own), newest first, and only when
-- the person asking may see that customer now (owner, the pool, or a manager/admin).
-- SECURITY DEFINER (the audit table's owner reads it); "who asks" is session_user, since
-- inside a definer function current_user is the owner (see rapport.field_writer in 0005).
-- Noise is left out: the record's updatedAt stamp and the owner column the records copy from
-- their customer on a change of hands (the customer's own owner change is kept).

create function rapport.customer_audit(p_customer text, p_before bigint, p_limit integer)
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
revoke all on function rapport.customer_audit(text, bigint, integer) from public;
grant execute on function rapport.customer_audit(text, bigint, integer)
  to rapport_salesperson, rapport_manager, rapport_admin;
