//! Stage tasks: a stage's playbook in settings and a task added or changed by hand.
use super::{invalid, text};
use crate::error::{Invalid, Result};
use crate::model::{TaskInput, TaskTemplate};
use chrono::{DateTime, TimeZone, Utc};

/// Most key tasks one stage's playbook holds.
pub const MAX_PLAYBOOK: usize = 20;
/// Longest task title, in characters.
pub const MAX_TASK_TITLE: usize = 60;
/// Latest due offset of a playbook task, in days after entering the stage.
pub const MAX_TASK_DAYS: u32 = 365;
/// Longest assignee name (as an owner's name may be).
const MAX_ASSIGNEE: usize = 50;

/// A playbook's titles and assignees trimmed; a title is required; offsets in range.
pub(super) fn playbook(field: &str, list: &mut [TaskTemplate]) -> Result<()> {
    if list.len() > MAX_PLAYBOOK {
        return Err(invalid(field, Invalid::TooMany { max: MAX_PLAYBOOK }));
    }
    for (j, t) in list.iter_mut().enumerate() {
        task_title(&format!("{field}[{j}].title"), &mut t.title)?;
        text(
            &format!("{field}[{j}].assignee"),
            &mut t.assignee,
            MAX_ASSIGNEE,
        )?;
        if t.due_days > MAX_TASK_DAYS {
            return Err(invalid(
                format!("{field}[{j}].dueDays"),
                Invalid::OutOfRange {
                    min: 0,
                    max: MAX_TASK_DAYS,
                },
            ));
        }
    }
    Ok(())
}

/// A task's title: trimmed, required, at most [`MAX_TASK_TITLE`] characters.
pub fn task_title(field: &str, title: &mut String) -> Result<()> {
    text(field, title, MAX_TASK_TITLE)?;
    if title.is_empty() {
        return Err(invalid(field, Invalid::Required));
    }
    Ok(())
}

/// A due time a task may have (as follow-ups: 1970 ..= 2100).
pub fn task_due(field: &str, due: DateTime<Utc>) -> Result<()> {
    let lo = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).single();
    let hi = Utc.with_ymd_and_hms(2100, 12, 31, 23, 59, 59).single();
    if lo.is_some_and(|lo| due < lo) || hi.is_some_and(|hi| due > hi) {
        return Err(invalid(field, Invalid::TimeOutOfRange));
    }
    Ok(())
}

/// A task added by hand: title, assignee trimmed, due time in range.
pub fn task_input(mut input: TaskInput) -> Result<TaskInput> {
    task_title("task.title", &mut input.title)?;
    text("task.assignee", &mut input.assignee, MAX_ASSIGNEE)?;
    task_due("task.due", input.due)?;
    Ok(input)
}

/// The assignee of a change, trimmed and checked.
pub fn task_assignee(assignee: &mut String) -> Result<()> {
    text("task.assignee", assignee, MAX_ASSIGNEE)
}
