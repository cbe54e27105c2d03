-- Rapport team book, schema version 1: the group roles and the tables.
-- Applied by rapport-sync's installer inside one transaction (src/install.rs); never edit a
-- released migration, add the next file instead.

-- Group roles are cluster-wide in PostgreSQL: one team book per cluster (docs/team-server.md).
do $$
begin
  if not exists (select from pg_roles where rolname = 'rapport_salesperson') then
    create role rapport_salesperson nologin;
  end if;
  if not exists (select from pg_roles where rolname = 'rapport_manager') then
    create role rapport_manager nologin;
  end if;
  if not exists (select from pg_roles where rolname = 'rapport_admin') then
    create role rapport_admin nologin;
  end if;
end $$;

-- The installer is the team's first admin.
grant rapport_admin to current_user;

-- Commits: every transaction that changes synced rows gets the next number, in commit order
-- (rapport.current_commit() in 0003 serialises writers so that numbers and commits agree).
create table rapport.commits (
  commit_no bigserial primary key,
  committed_by text not null default session_user,
  committed_at timestamptz not null default now()
);

-- Batches of operations already applied, so a retried push applies nothing twice.
create table rapport.applied_ops (
  op_id text primary key,
  commit_no bigint not null references rapport.commits (commit_no),
  applied_by text not null default current_user,
  applied_at timestamptz not null default now()
);

-- The people of the team; each has a login role of their own, member of one group role.
create table rapport.people (
  id text primary key,
  login text not null unique,
  name text not null,
  role text not null check (role in ('salesperson', 'manager', 'admin')),
  owner text,
  data jsonb not null default '{}',
  version bigint not null default 1,
  commit_no bigint not null default 0,
  deleted_at timestamptz
);

-- Customers: owner is a person's id, or null for the shared pool (公海). The key contacts are
-- the `contacts` field of data (a jsonb array, replaced whole when edited).
create table rapport.customers (
  id text primary key,
  owner text references rapport.people (id),
  data jsonb not null default '{}',
  version bigint not null default 1,
  commit_no bigint not null default 0,
  deleted_at timestamptz
);

-- The customer's records. Their owner is always their customer's owner (kept so by a trigger),
-- so row-level security reads one column and a reassignment moves them along.
create table rapport.followups (
  id text primary key,
  customer_id text not null references rapport.customers (id),
  owner text,
  data jsonb not null default '{}',
  version bigint not null default 1,
  commit_no bigint not null default 0,
  deleted_at timestamptz
);
create table rapport.opportunities (like rapport.followups including all);
alter table rapport.opportunities add foreign key (customer_id) references rapport.customers (id);
create table rapport.deals (like rapport.followups including all);
alter table rapport.deals add foreign key (customer_id) references rapport.customers (id);
create table rapport.services (like rapport.followups including all);
alter table rapport.services add foreign key (customer_id) references rapport.customers (id);
-- History events (stage changes, handovers, overwritten values): append-mostly.
create table rapport.history (like rapport.followups including all);
alter table rapport.history add foreign key (customer_id) references rapport.customers (id);

-- Tags are the team's vocabulary; customer_tags links them (id = customer id '/' tag id).
create table rapport.tags (
  id text primary key,
  owner text,
  data jsonb not null default '{}',
  version bigint not null default 1,
  commit_no bigint not null default 0,
  deleted_at timestamptz
);
create table rapport.customer_tags (like rapport.followups including all);
alter table rapport.customer_tags add foreign key (customer_id) references rapport.customers (id);
alter table rapport.customer_tags add column tag_id text not null references rapport.tags (id);
alter table rapport.customer_tags add unique (customer_id, tag_id);

-- Team settings (stages, sources, lost reasons, schedule rules), one row per key.
create table rapport.team_settings (like rapport.tags including all);

-- Idle pulls read "commit_no > cursor" on every table: an index each keeps them cheap.
create index on rapport.people (commit_no);
create index on rapport.customers (commit_no);
create index on rapport.customers (owner);
create index on rapport.followups (commit_no);
create index on rapport.followups (customer_id);
create index on rapport.opportunities (commit_no);
create index on rapport.opportunities (customer_id);
create index on rapport.deals (commit_no);
create index on rapport.deals (customer_id);
create index on rapport.services (commit_no);
create index on rapport.services (customer_id);
create index on rapport.history (commit_no);
create index on rapport.history (customer_id);
create index on rapport.tags (commit_no);
create index on rapport.customer_tags (commit_no);
create index on rapport.customer_tags (customer_id);
create index on rapport.team_settings (commit_no);

-- The audit trail: append-only, written by trigger only (0003), one row per changed field.
create table rapport.audit (
  audit_id bigserial primary key,
  at timestamptz not null default now(),
  who text not null,
  commit_no bigint,
  record_table text not null,
  record_id text not null,
  field text,
  old_value jsonb,
  new_value jsonb
);
create index on rapport.audit (record_table, record_id);
