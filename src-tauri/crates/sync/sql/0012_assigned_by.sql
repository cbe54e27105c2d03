-- Rapport team book: who gave a customer to whom. A change of hands (a manager's reassignment,
-- a claim from the pool) stamps the customer's data with the person who made it and the new
-- owner's name, so every desktop that pulls the row can tell "assigned to me by Y" from its own
-- claim (the audit trail, which only managers read, is not needed for that), and the `owner`
-- field the desktop shows (a name) always matches the `owner` column (a person id).
create function rapport.stamp_assignment() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
declare
  by_id text;
  by_name text;
begin
  select p.id, p.name into by_id, by_name from rapport.people p where p.login = session_user;
  new.data := new.data || jsonb_build_object(
    'owner', coalesce((select p.name from rapport.people p where p.id = new.owner), ''),
    'assignedById', coalesce(by_id, ''),
    'assignedBy', coalesce(by_name, session_user::text));
  return new;
end $$;
revoke all on function rapport.stamp_assignment() from public;

-- "a_" fires before "b_stamp" (name order), so the stamped data gets the same commit.
create trigger a_assignment before update of owner on rapport.customers
  for each row when (new.owner is distinct from old.owner)
  execute function rapport.stamp_assignment();
