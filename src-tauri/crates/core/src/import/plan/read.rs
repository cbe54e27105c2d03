//! One row read on its own: what of it is imported, and its problems with what the import does
//! about each (see the plan's module notes for the rules).
use super::choices::Choices;
use super::records::RowRecords;
use super::report::{Located, ProblemOutcome, RowProblem};
use super::row::{self, Draft};
use super::PlanOptions;
use crate::error::Invalid;
use crate::import::headers::Target;
use crate::model::{CustomerInput, FollowUpInput};
use chrono::TimeZone;

/// A non-empty row as read.
pub(super) enum RowRead<'a> {
    /// Nothing of the row is imported; its problems.
    LeftOut(Vec<Located>),
    /// A follow-up continuing the customer above (checked when placed), and the row's problems.
    Anonymous(Draft<'a>, Vec<Located>),
    /// The checked customer, perhaps its follow-up, the problems of what was left out, and
    /// the row's opportunity, deal and after-sales record.
    Checked(
        CustomerInput,
        Option<FollowUpInput>,
        Vec<Located>,
        RowRecords,
    ),
}

/// Reads the row. Unreadable cells are left empty; a cell that reads but breaks a rule of the
/// customer or follow-up (a website that is not one, 流失 without a reason) is left empty too
/// and the row read again; with `options.skip_problem_rows` any problem leaves the row out.
pub(super) fn read_row<'a, Tz: TimeZone>(
    cells: &[String],
    columns: &'a [Target],
    options: &PlanOptions<Tz>,
    choices: &Choices,
) -> RowRead<'a> {
    let skip = options.skip_problem_rows;
    // Columns whose readable value broke a rule, with that problem.
    let mut broken: Vec<Located> = Vec::new();
    loop {
        let blanked: Vec<usize> = broken.iter().filter_map(|p| p.column).collect();
        let (mut draft, mut problems) = row::build(cells, columns, options, choices, &blanked);
        problems.extend(missing_time(&draft, &problems));
        problems.extend(broken.iter().cloned());
        if skip && !problems.is_empty() {
            return left_out(problems);
        }
        if draft.is_anonymous() {
            return RowRead::Anonymous(draft, problems);
        }
        let customer = match draft.validate_customer() {
            Ok(customer) => customer,
            Err(problem) => match can_blank(&problem, cells, &blanked, &draft, skip) {
                true => {
                    broken.push(problem);
                    continue;
                }
                false => {
                    problems.push(problem);
                    return left_out(problems);
                }
            },
        };
        match draft.validate_follow_up(&draft.owner(&customer)) {
            Ok(follow_up) => {
                settle(&mut problems, follow_up.as_ref(), columns);
                let records = std::mem::take(&mut draft.records);
                return RowRead::Checked(customer, follow_up, problems, records);
            }
            Err(problem) if can_blank(&problem, cells, &blanked, &draft, skip) => {
                broken.push(problem);
            }
            Err(problem) if skip => {
                problems.push(problem);
                return left_out(problems);
            }
            Err(mut problem) => {
                problem.outcome = ProblemOutcome::FollowUpLeftOut;
                settle(&mut problems, None, columns);
                problems.push(problem);
                let records = std::mem::take(&mut draft.records);
                return RowRead::Checked(customer, None, problems, records);
            }
        }
    }
}

fn left_out(problems: Vec<Located>) -> RowRead<'static> {
    RowRead::LeftOut(left_out_all(problems))
}

/// Every problem of a row left out, saying so.
pub(super) fn left_out_all(mut problems: Vec<Located>) -> Vec<Located> {
    for p in &mut problems {
        p.outcome = ProblemOutcome::RowLeftOut;
    }
    problems
}

/// A follow-up in a sheet with a time column whose cell is empty: dated at the import, and
/// said so (an unreadable cell is already listed).
fn missing_time(draft: &Draft, problems: &[Located]) -> Option<Located> {
    let column = draft.columns.iter().position(|t| *t == Target::FollowUpAt);
    let listed = problems.iter().any(|p| p.column == column);
    (draft.at_missing && !listed).then(|| {
        let problem = RowProblem::Invalid {
            field: "at".into(),
            reason: Invalid::Required,
        };
        Located::new(column, problem)
    })
}

/// Whether the cell behind `problem` can be left empty and the row read again: not in the
/// skipping mode, a column not yet blanked whose cell holds something, and not the name.
fn can_blank(
    problem: &Located,
    cells: &[String],
    blanked: &[usize],
    draft: &Draft,
    skip: bool,
) -> bool {
    let Some(i) = problem.column else {
        return false;
    };
    !skip
        && !blanked.contains(&i)
        && cells.get(i).is_some_and(|c| !c.trim().is_empty())
        && draft.columns.get(i) != Some(&draft.name_from)
}

/// What the import does about each problem of an imported row: a follow-up without its time
/// is dated at the import, one without its next time stays open by priority.
pub(super) fn settle(
    problems: &mut [Located],
    follow_up: Option<&FollowUpInput>,
    columns: &[Target],
) {
    for p in problems {
        let target = p.column.and_then(|i| columns.get(i));
        p.outcome = match (target, follow_up) {
            (Some(Target::FollowUpAt), Some(_)) => ProblemOutcome::FollowUpDatedAtImport,
            (Some(Target::NextFollowUpAt), Some(f)) if !f.done => {
                ProblemOutcome::FollowUpDueByPriority
            }
            _ => ProblemOutcome::CellLeftEmpty,
        };
    }
}
