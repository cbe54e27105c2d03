-- Rapport team book, schema version 4: the functions the desktop calls. All SECURITY INVOKER:
-- they run with the caller's rights, so row-level security decides what each one may touch.

-- push(ops): applies a batch of operations in one transaction and returns its commit number.
-- ops is a JSON array of
--   {"op_id": ULID, "table": name, "id": record id, "kind": "upsert", "customer_id": …, "fields": {…}}
--   {"op_id", "table", "id", "kind": "assign", "owner": person id or null}     (customers only)
--   {"op_id", "table", "id", "kind": "delete" | "restore" | "purge"}
-- Upserts merge the fields given into the record's (the others are kept). An op id already
-- applied is skipped, so a retry after a lost answer applies nothing twice; when every op of
-- the batch was applied before, the answer is the commit number they were applied in.
create function rapport.push(ops jsonb) returns bigint
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
begin
  if jsonb_typeof(ops) is distinct from 'array' then
    raise exception 'push expects a JSON array of operations' using errcode = '22023';
  end if;
  -- Take the commit lock first: concurrent pushes (and retries of the same batch) queue here.
  perform pg_advisory_xact_lock(7203114);
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
    if t is null or t not in ('customers', 'followups', 'opportunities', 'deals', 'services',
                               'history', 'tags', 'customer_tags', 'team_settings') then
      raise exception 'unknown table %', t using errcode = '22023';
    end if;
    if kind = 'upsert' then
      if t = 'customers' then
        insert into rapport.customers as r (id, owner, data)
        values (rid, rapport.me(), coalesce(op -> 'fields', '{}'))
        on conflict (id) do update set data = r.data || excluded.data
          where r.data is distinct from r.data || excluded.data;
      elsif t = 'customer_tags' then
        insert into rapport.customer_tags as r (id, customer_id, tag_id, data)
        values (rid, split_part(rid, '/', 1), split_part(rid, '/', 2), coalesce(op -> 'fields', '{}'))
        on conflict (id) do update set data = r.data || excluded.data
          where r.data is distinct from r.data || excluded.data;
      elsif t in ('tags', 'team_settings') then
        execute format('insert into rapport.%I as r (id, data) values ($1, $2)
                        on conflict (id) do update set data = r.data || excluded.data
                        where r.data is distinct from r.data || excluded.data', t)
          using rid, coalesce(op -> 'fields', '{}');
      else
        execute format('insert into rapport.%I as r (id, customer_id, data) values ($1, $2, $3)
                        on conflict (id) do update set data = r.data || excluded.data
                        where r.data is distinct from r.data || excluded.data', t)
          using rid, op ->> 'customer_id', coalesce(op -> 'fields', '{}');
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
        execute format('update rapport.%I set deleted_at = now() where id = $1 and deleted_at is null', t)
          using rid;
      elsif kind = 'restore' then
        execute format('update rapport.%I set deleted_at = null where id = $1 and deleted_at is not null', t)
          using rid;
      elsif kind = 'purge' then
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

-- changes_since(cursor): every row this person may see whose last change came after the
-- cursor, oldest commit first. Row-level security does the filtering.
create function rapport.changes_since(since bigint)
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
  ) changed
  order by 7, 1, 2
$$;

-- The newest commit number: the cursor to keep after reading changes_since in the same
-- snapshot (even when none of the changes were visible to this person).
create function rapport.head() returns bigint
language sql stable security invoker
as $$ select coalesce(max(commit_no), 0) from rapport.commits $$;

-- add_person: a login role in the person's group and their row in rapport.people. Run by an
-- admin (who holds CREATEROLE). p_secret is a SCRAM-SHA-256 verifier computed by the app, so
-- the password itself never reaches the server or its logs.
create function rapport.add_person(p_id text, p_name text, p_role text, p_login text, p_secret text)
returns void
language plpgsql security invoker
as $$
begin
  if p_role not in ('salesperson', 'manager', 'admin') then
    raise exception 'unknown role %', p_role using errcode = '22023';
  end if;
  if not rapport.is_admin() then
    raise exception 'only an admin adds people' using errcode = '42501';
  end if;
  execute format('create role %I login password %L in role %I', p_login, p_secret, 'rapport_' || p_role);
  if p_role = 'admin' then
    execute format('alter role %I createrole', p_login);
  end if;
  insert into rapport.people (id, login, name, role) values (p_id, p_login, p_name, p_role);
end $$;

revoke all on function rapport.push(jsonb), rapport.changes_since(bigint), rapport.head(),
  rapport.add_person(text, text, text, text, text) from public;
grant execute on function rapport.push(jsonb), rapport.changes_since(bigint), rapport.head()
  to rapport_salesperson, rapport_manager, rapport_admin;
grant execute on function rapport.add_person(text, text, text, text, text) to rapport_admin;
