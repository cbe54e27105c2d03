-- Rapport team book, schema version 14: a change of hands made on the server (a manager's
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
