-- Rapport team book: stage tasks (阶段任务) on the server. A task made on one desktop — from a
-- stage's playbook when a customer enters the stage, or by hand — reaches every desktop that
-- sees its customer, and a tick or a new due time on any of them reaches the others. A task is
-- a customer's record like a follow-up: its owner is its customer's (trigger), row-level
-- security reads that, a change of hands moves it along, a purge takes it with the customer.

create table rapport.tasks (like rapport.followups including all);
alter table rapport.tasks add foreign key (customer_id) references rapport.customers (id);

alter table rapport.tasks enable row level security;
alter table rapport.tasks force row level security;
grant select, insert, update on rapport.tasks to rapport_salesperson, rapport_manager, rapport_admin;
grant delete on rapport.tasks to rapport_admin;
create policy see on rapport.tasks for select using (rapport.may_see(owner));
create policy purge on rapport.tasks for delete using (rapport.is_admin());
create policy add on rapport.tasks for insert with check (rapport.may_see(owner));
create policy edit on rapport.tasks for update
  using (rapport.may_see(owner)) with check (rapport.may_see(owner));

-- "a_" runs before "b_stamp" (triggers fire in name order), as on the other records (0003).
create trigger a_owner before insert or update on rapport.tasks
  for each row execute function rapport.inherit_owner();
create trigger b_stamp before insert or update on rapport.tasks
  for each row execute function rapport.stamp();
create trigger z_audit after insert or update or delete on rapport.tasks
  for each row execute function rapport.audit_row();

-- A customer's records follow it when it changes hands: its tasks too (0003's list + tasks).
create or replace function rapport.move_records() returns trigger
language plpgsql
as $$
declare
  t text;
begin
  foreach t in array array['followups', 'opportunities', 'deals', 'services', 'tasks',
                           'history', 'customer_tags'] loop
    execute format('update rapport.%I set owner = $1 where customer_id = $2', t)
      using new.owner, new.id;
  end loop;
  return null;
end $$;

-- push: 0011's, with 'tasks' among the tables and in a customer's purge.
create or replace function rapport.push(ops jsonb) returns bigint
language plpgsql security invoker
as $$
declare
  op jsonb;
  t text;
  kind text;
  rid text;
  earlier bigint;
  answer bigint;
  fresh int := 0;
  touched int;
  fields jsonb;
  base jsonb;
  cur jsonb;
  k text;
  n int;
  me_name text;
  -- The pusher's person id, read once (RLS helpers and the insert below would read it per op).
  my_id text := rapport.me();
  -- Tag links (re)added by this batch: a delete after them in the same batch is the same
  -- desktop's later word and applies.
  linked text[] := '{}';
  live boolean;
  added bigint;
begin
  if jsonb_typeof(ops) is distinct from 'array' then
    raise exception 'push expects a JSON array of operations' using errcode = '22023';
  end if;
  -- Take the commit lock first: concurrent pushes (and retries of the same batch) queue here.
  perform pg_advisory_xact_lock(7203114);
  me_name := coalesce((select p.name from rapport.people p where p.login = current_user), current_user);
  for op in select value from jsonb_array_elements(ops) loop
    if coalesce(op ->> 'op_id', '') = '' or coalesce(op ->> 'id', '') = '' then
      raise exception 'an operation without op_id or id: %', op using errcode = '22023';
    end if;
    select a.commit_no into earlier from rapport.applied_ops a where a.op_id = op ->> 'op_id';
    if found then
      answer := greatest(answer, earlier);
      continue;
    end if;
    t := op ->> 'table';
    kind := coalesce(op ->> 'kind', 'upsert');
    rid := op ->> 'id';
    fields := coalesce(op -> 'fields', '{}');
    base := case when jsonb_typeof(op -> 'base') = 'object' then op -> 'base' end;
    if t is null or t not in ('customers', 'followups', 'opportunities', 'deals', 'services',
                               'tasks', 'history', 'tags', 'customer_tags', 'team_settings') then
      raise exception 'unknown table %', t using errcode = '22023';
    end if;
    if kind = 'upsert' then
      if t = 'customers' then
        -- One field edited on two machines: keep the value this push overwrites.
        select c.data into cur from rapport.customers c where c.id = rid;
        if found and base is not null then
          n := 0;
          for k in select key from jsonb_each(fields)
                    where key not in ('createdAt', 'updatedAt') order by key loop
            if coalesce(base -> k, 'null') is distinct from coalesce(cur -> k, 'null')
               and coalesce(fields -> k, 'null') is distinct from coalesce(cur -> k, 'null') then
              insert into rapport.history (id, customer_id, data)
              values (rapport.event_id(op ->> 'op_id', n), rid, jsonb_build_object(
                'at', to_jsonb(now()),
                'change', jsonb_build_object('type', 'overwritten', 'field', k,
                  'lost', rapport.as_text(cur -> k),
                  'lostBy', coalesce(rapport.field_writer(rid, k), ''),
                  'keptBy', me_name),
                'followUpId', null,
                'by', me_name))
              on conflict (id) do nothing;
              n := n + 1;
            end if;
          end loop;
        end if;
        insert into rapport.customers as r (id, owner, data)
        values (rid, my_id, fields)
        on conflict (id) do update set data = r.data || excluded.data
          where r.data is distinct from r.data || excluded.data;
      elsif t = 'customer_tags' then
        -- addedAt: the commit that last (re)added the link, which a delete's "seen" is held to.
        insert into rapport.customer_tags as r (id, customer_id, tag_id, data)
        values (rid, split_part(rid, '/', 1), split_part(rid, '/', 2),
                fields || jsonb_build_object('addedAt', rapport.current_commit()))
        on conflict (id) do update set data = r.data || excluded.data
          where r.data is distinct from r.data || excluded.data;
        linked := linked || rid;
      elsif t in ('tags', 'team_settings') then
        execute format('insert into rapport.%I as r (id, data) values ($1, $2)
                        on conflict (id) do update set data = r.data || excluded.data
                        where r.data is distinct from r.data || excluded.data', t)
          using rid, fields;
      elsif t = 'deals' and base is not null and exists (
              select from rapport.deals d, jsonb_each(fields) f
               where d.id = rid and f.key not in ('createdAt', 'updatedAt', 'conflict')
                 and coalesce(base -> f.key, 'null') is distinct from coalesce(d.data -> f.key, 'null')
                 and f.value is distinct from coalesce(d.data -> f.key, 'null')) then
        -- A deal edited on two machines: the server's version stays, this one waits beside it
        -- (a newer conflicting push replaces it; older ones stay in the audit trail).
        update rapport.deals set data = data || jsonb_build_object('conflict', jsonb_build_object(
            'fields', fields - 'conflict' - 'createdAt' - 'updatedAt',
            'by', me_name,
            'opId', op ->> 'op_id',
            'commit', rapport.current_commit()))
          where id = rid;
      else
        execute format('insert into rapport.%I as r (id, customer_id, data) values ($1, $2, $3)
                        on conflict (id) do update set data = r.data || excluded.data
                        where r.data is distinct from r.data || excluded.data', t)
          using rid, op ->> 'customer_id', fields;
      end if;
    else
      -- The record must be one the caller may see; RLS hides the others, so "not found" it is.
      execute format('select count(*) from rapport.%I where id = $1', t) into touched using rid;
      if touched = 0 then
        raise exception '% % not found', t, rid using errcode = '42501';
      end if;
      if kind = 'assign' and t = 'customers' then
        update rapport.customers set owner = op ->> 'owner'
          where id = rid and owner is distinct from op ->> 'owner';
      elsif kind = 'delete' then
        live := false;
        if t = 'customer_tags' and jsonb_typeof(op -> 'seen') = 'number' and not (rid = any (linked)) then
          select l.deleted_at is null, coalesce((l.data ->> 'addedAt')::bigint, 0) into live, added
            from rapport.customer_tags l where l.id = rid;
          live := live and added > (op ->> 'seen')::bigint;
        end if;
        if live then
          -- Overtaken by a re-add the deleting desktop had not seen: the tag stays, and the
          -- link gets a new commit so that desktop's next pull puts it back there too.
          update rapport.customer_tags set data = data where id = rid;
        else
          execute format('update rapport.%I set deleted_at = now() where id = $1 and deleted_at is null', t)
            using rid;
        end if;
      elsif kind = 'restore' then
        if t = 'customer_tags' then
          update rapport.customer_tags
             set deleted_at = null, data = data || jsonb_build_object('addedAt', rapport.current_commit())
           where id = rid and deleted_at is not null;
          linked := linked || rid;
        else
          execute format('update rapport.%I set deleted_at = null where id = $1 and deleted_at is not null', t)
            using rid;
        end if;
      elsif kind = 'purge' then
        if t = 'customers' then
          -- Its records go with it, those this desktop never pulled too (a colleague's
          -- follow-up): their foreign keys would refuse the customer's delete. Row-level
          -- security lets only an admin delete them; for anyone else nothing goes, and the
          -- customer's delete below refuses.
          delete from rapport.customer_tags where customer_id = rid;
          delete from rapport.history where customer_id = rid;
          delete from rapport.followups where customer_id = rid;
          delete from rapport.opportunities where customer_id = rid;
          delete from rapport.deals where customer_id = rid;
          delete from rapport.services where customer_id = rid;
          delete from rapport.tasks where customer_id = rid;
        end if;
        execute format('delete from rapport.%I where id = $1', t) using rid;
        get diagnostics touched = row_count;
        if touched = 0 then
          raise exception 'only an admin purges' using errcode = '42501';
        end if;
      else
        raise exception 'unknown operation kind %', kind using errcode = '22023';
      end if;
    end if;
    insert into rapport.applied_ops (op_id, commit_no) values (op ->> 'op_id', rapport.current_commit());
    fresh := fresh + 1;
  end loop;
  if fresh > 0 then
    return rapport.current_commit();
  end if;
  return answer;
end $$;

-- changes_ranked: 0011's rows plus the tasks, ranked after the services (changes_since reads
-- it, so it has them too).
create or replace function rapport.changes_ranked(since bigint)
returns table (record_table text, id text, customer_id text, owner text, data jsonb,
               version bigint, commit_no bigint, deleted_at timestamptz, rank integer)
language sql stable security invoker
as $$
  select changed.*, case changed.record_table
           when 'people' then 0 when 'team_settings' then 1 when 'tags' then 2
           when 'customers' then 3 when 'customer_tags' then 4 when 'history' then 5
           when 'followups' then 6 when 'opportunities' then 7 when 'deals' then 8
           when 'services' then 9 when 'tasks' then 10 else 11 end
  from (
    select 'people', p.id, null::text, p.owner,
           p.data || jsonb_build_object('name', p.name, 'login', p.login, 'role', p.role),
           p.version, p.commit_no, p.deleted_at
      from rapport.people p where p.commit_no > since
    union all
    -- The owner field as the owner's name on the server ('' in the pool; see 0010).
    select 'customers', c.id, null, c.owner,
           c.data || jsonb_build_object('owner', coalesce(
             (select o.name from rapport.people o where o.id = c.owner), '')),
           c.version, c.commit_no, c.deleted_at
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
    select 'tasks', r.id, r.customer_id, r.owner, r.data, r.version, r.commit_no, r.deleted_at
      from rapport.tasks r where r.commit_no > since
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
  ) changed (record_table, id, customer_id, owner, data, version, commit_no, deleted_at)
$$;


-- purge_tombstones: 0007's, with the tasks among a purged customer's records.
create or replace function rapport.purge_tombstones(keep_days integer) returns bigint
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
                           'services', 'tasks'] loop
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
