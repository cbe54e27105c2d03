//! One sheet row → the customer and the follow-up it holds (not yet validated), and every cell
//! that cannot be read (left empty).
use super::choices::Choices;
use super::followup::FollowUpCells;
use super::records::{RecordCells, RowContext, RowRecords};
use super::report::{Located, RowProblem};
use super::PlanOptions;
use crate::import::headers::{join_names, Target};
use crate::import::values::*;
use crate::model::{Contact, CustomField, CustomValue, CustomerInput, FollowUpInput, Stage};
use crate::schedule::category_priority;
use chrono::{DateTime, TimeZone, Utc};

/// Whether every imported cell of the row is blank (ignored columns such as 序号 aside).
pub(super) fn is_empty(cells: &[String], columns: &[Target]) -> bool {
    cells
        .iter()
        .zip(columns)
        .all(|(c, t)| *t == Target::Ignore || blank(c))
}

fn blank(cell: &str) -> bool {
    // `trim` drops the spaces `normalize` maps (U+3000, U+00A0) too; a cell that starts with
    // no placeholder's first character (ASCII or full-width) is not blank, without allocating.
    let text = cell.trim();
    match text.chars().next() {
        None => true,
        Some('-' | '—' | '–' | '/' | '无' | 'n' | 'N' | '#' | '－' | '／' | '＃' | 'ｎ' | 'Ｎ') => {
            is_blank(&normalize(text))
        }
        Some(_) => false,
    }
}

/// A row read into a customer and perhaps a follow-up, before validation.
pub(super) struct Draft<'a> {
    pub(super) input: CustomerInput,
    pub(super) follow_up: Option<FollowUpInput>,
    /// The follow-up has no readable time in a sheet with a time column: dated at the import.
    pub(super) at_missing: bool,
    /// The column the name came from, to name it in a "name is required" error.
    pub(super) name_from: Target,
    pub(super) columns: &'a [Target],
    pub(super) now: DateTime<Utc>,
    /// The row's opportunity, deal and after-sales record (checked).
    pub(super) records: RowRecords,
}

/// The cells of a row as read so far.
#[derive(Default)]
struct Parts {
    input: CustomerInput,
    name: String,
    first: String,
    last: String,
    address: Vec<String>,
    notes: Vec<String>,
    contact: Contact,
    follow_up: FollowUpCells,
    records: RecordCells,
    /// A stage read from a 客户类型 cell (成交客户), used when no 阶段 cell gave one.
    type_stage: Option<Stage>,
    stage_set: bool,
    /// A 优先级 cell was read (otherwise the category's priority is proposed).
    priority_given: bool,
}

/// Reads every cell of the row but those in `blanked` (cells found at fault before); the
/// draft without the cells that cannot be read, and their problems.
pub(super) fn build<'a, Tz: TimeZone>(
    cells: &[String],
    columns: &'a [Target],
    options: &PlanOptions<Tz>,
    choices: &Choices,
    blanked: &[usize],
) -> (Draft<'a>, Vec<Located>) {
    let mut parts = Parts::default();
    let mut problems = Vec::new();
    for (i, (cell, target)) in cells.iter().zip(columns).enumerate() {
        if blank(cell) || blanked.contains(&i) {
            continue;
        }
        if let Err(problem) = parts.apply(target, cell.trim(), options, choices) {
            match target {
                Target::FollowUpAt => parts.follow_up.at_unreadable = true,
                Target::NextFollowUpAt => parts.follow_up.next_unreadable = true,
                _ => {}
            }
            problems.push(Located::new(Some(i), problem));
        }
    }
    let ctx = RowContext {
        columns,
        stage: parts.input.fields.stage,
        follow_up_day: parts.follow_up.at.map(|d| d.date()),
    };
    // A record that fails its rules is left out with its problem; the row is still read.
    let records = match std::mem::take(&mut parts.records).build(&ctx, options) {
        Ok(records) => records,
        Err(more) => {
            problems.extend(more);
            RowRecords::default()
        }
    };
    let mut draft = parts.finish(columns, options);
    draft.records = records;
    (draft, problems)
}

impl Parts {
    fn apply<Tz: TimeZone>(
        &mut self,
        target: &Target,
        text: &str,
        options: &PlanOptions<Tz>,
        choices: &Choices,
    ) -> Result<(), RowProblem> {
        use Target::*;
        let f = &mut self.input.fields;
        let fu = &mut self.follow_up;
        let date = |text: &str| date_cell(text, options).map(|d| d.map(|d| d.date()));
        match target {
            Kind => {
                let read = |t: &str| parse_customer_type(t, &options.stages, ValueError::NotAKind);
                self.customer_type(choices.kinds.read(text, read)?)
            }
            Name => put(&mut self.name, text),
            FirstName => put(&mut self.first, text),
            LastName => put(&mut self.last, text),
            Company => put(&mut f.company, text),
            Position => put(&mut f.position, text),
            Department => put(&mut f.department, text),
            Phones | Emails => {
                let cell = split_contacts(text)?;
                f.phones.extend(cell.phones);
                f.emails.extend(cell.emails);
            }
            Address => self.address.push(text.to_string()),
            Notes => self.notes.push(text.to_string()),
            WechatIds => f.wechat_ids.extend(split_tags(text)),
            Industry => put(&mut f.industry, text),
            CompanySize => put(&mut f.company_size, text),
            Website => put(&mut f.website, text),
            MainBusiness => put(&mut f.main_business, text),
            Source => put(&mut f.source, text),
            FirstContactDate => f.first_contact_date = date(text)?,
            FirstContactBy => put(&mut f.first_contact_by, text),
            Owner => put(&mut f.owner, text),
            Birthday => f.birthday = date(text)?,
            ContractExpiry => f.contract_expiry = date(text)?,
            Category => {
                let unknown = ValueError::NotACategory;
                let read = |t: &str| parse_customer_type(t, &options.stages, unknown);
                self.customer_type(choices.categories.read(text, read)?)
            }
            Stage => {
                let read = |t: &str| parse_stage_named(t, &options.stages);
                f.stage = choices.stages.read(text, read)?.unwrap_or_default();
                self.stage_set = true;
            }
            LostReason => put(&mut f.lost_reason, text),
            Priority => {
                if let Some(p) = choices.priorities.read(text, parse_priority)? {
                    f.priority = p;
                    self.priority_given = true;
                }
            }
            Tags => self.input.tags.extend(split_tags(text)),
            CoreNeed => put(&mut f.needs.core_need, text),
            Budget => put(&mut f.needs.budget, text),
            DecisionChain => put(&mut f.needs.decision_chain, text),
            Deadline => f.needs.deadline = date(text)?,
            ContactName => put(&mut self.contact.name, text),
            ContactTitle => put(&mut self.contact.title, text),
            ContactPhone | ContactEmail => first_contact_entry(&mut self.contact, text)?,
            FollowUpAt => fu.at = date_cell(text, options)?,
            FollowUpMethod => fu.method = choices.methods.read(text, parse_method)?,
            FollowUpTopic => put(&mut fu.topic, text),
            FollowUpContent => put(&mut fu.content, text),
            FollowUpFeedback => put(&mut fu.feedback, text),
            FollowUpResult => put(&mut fu.result, text),
            NextAction => put(&mut fu.next_action, text),
            NextFollowUpAt => fu.next_at = date_cell(text, options)?,
            NextFollowUpBy => put(&mut fu.next_by, text),
            OpportunityAmount | DealAmount | DealDate | DealProduct | DealPaymentMethod
            | ServiceDate | ServiceContent | ServiceSatisfaction | NextService
            | ComplaintReceived | ComplaintCategory | ComplaintSeverity | ComplaintStatus
            | ComplaintResolved | ComplaintResolution => {
                let date = |text: &str| date_cell(text, options);
                self.records.apply(target, text, date)?
            }
            FollowUpBy => put(&mut fu.by, text),
            Ignore => {}
            Custom(name) => f.custom_fields.push(CustomField {
                name: name.clone(),
                value: CustomValue::Text(text.to_string()),
            }),
        }
        Ok(())
    }

    /// A 客户性质 / 客户类型 / 客户类别 cell as read: a kind, a category or a stage.
    fn customer_type(&mut self, read: Option<CustomerType>) {
        let f = &mut self.input.fields;
        match read {
            Some(CustomerType::Kind(kind)) => f.kind = kind,
            Some(CustomerType::Category(category)) => f.category = Some(category),
            Some(CustomerType::Stage(stage)) => self.type_stage = Some(stage),
            None => {}
        }
    }

    /// Joins the parts: the name (or first + last names, or the company), address and notes
    /// columns, the key contact, and the follow-up.
    fn finish<'a, Tz: TimeZone>(
        mut self,
        columns: &'a [Target],
        options: &PlanOptions<Tz>,
    ) -> Draft<'a> {
        let f = &mut self.input.fields;
        if let (false, Some(stage)) = (self.stage_set, self.type_stage) {
            f.stage = stage;
        }
        let joined = join_names(&self.first, &self.last);
        let (name, name_from) = if !self.name.is_empty() {
            (self.name, Target::Name)
        } else if !joined.is_empty() {
            let from = if self.first.is_empty() {
                Target::LastName
            } else {
                Target::FirstName
            };
            (joined, from)
        } else if !f.company.is_empty() {
            (f.company.clone(), Target::Company)
        } else {
            (String::new(), Target::Name)
        };
        f.name = name;
        f.address = self.address.join(" ");
        f.notes = self.notes.join("\n");
        let c = &self.contact;
        if [&c.name, &c.title, &c.phone, &c.email]
            .iter()
            .any(|s| !s.is_empty())
        {
            f.contacts.push(self.contact);
        }
        if !self.priority_given {
            f.priority = category_priority(&options.category_priorities, f.category);
        }
        // 跟进人 is who made the follow-up; without a 负责人 column that person follows the
        // customer, so is its owner too; without a 跟进人 cell the owner made it.
        if f.owner.is_empty() {
            f.owner.clone_from(&self.follow_up.by);
        } else if self.follow_up.by.is_empty() {
            self.follow_up.by.clone_from(&f.owner);
        }
        let has_time_column = columns.contains(&Target::FollowUpAt);
        // A row's 优先级 cell is its follow-up's own priority; without one the follow-up takes
        // its customer's (filled when checked against the customer it belongs to).
        let own = self.priority_given.then_some(f.priority);
        let follow_up = self.follow_up.build(own, options);
        let at_missing = follow_up.is_some() && has_time_column && self.follow_up.at.is_none();
        Draft {
            input: self.input,
            follow_up,
            at_missing,
            name_from,
            columns,
            now: options.now,
            records: RowRecords::default(),
        }
    }
}

/// A second column of the same text target is appended after a space, never lost.
fn put(field: &mut String, text: &str) {
    if !field.is_empty() {
        field.push(' ');
    }
    field.push_str(text);
}

/// A typed date, or a number read as an Excel serial in the workbook's date system.
pub(super) fn date_cell<Tz: TimeZone>(
    text: &str,
    options: &PlanOptions<Tz>,
) -> Result<Option<DateValue>, ValueError> {
    match parse_date(text, options.date_order) {
        Err(ValueError::NotADate) => {
            let s = normalize(text);
            let numeric = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            let serial = s.parse::<f64>().ok().filter(|_| numeric);
            let serial = serial.ok_or(ValueError::NotADate)?;
            date_from_serial(serial, options.date_system).map(Some)
        }
        other => other,
    }
}

/// A contact phone or e-mail cell: the contact keeps one of each, the first given.
fn first_contact_entry(contact: &mut Contact, text: &str) -> Result<(), ValueError> {
    let cell = split_contacts(text)?;
    if let (true, Some(p)) = (contact.phone.is_empty(), cell.phones.into_iter().next()) {
        contact.phone = p;
    }
    if let (true, Some(e)) = (contact.email.is_empty(), cell.emails.into_iter().next()) {
        contact.email = e;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_without_allocating_agrees_with_the_rule() {
        let cells = [
            "",
            " ",
            "\u{3000}",
            "\u{a0}-\u{a0}",
            "-",
            "--",
            "---",
            "—",
            "——",
            "–",
            "/",
            "无",
            "n/a",
            "N/A",
            "#N/A",
            "null",
            "NULL",
            "－",
            "／",
            "＃ｎ／ａ",
            "ｎｕｌｌ",
            "Ｎ／Ａ",
            "无锡",
            "no",
            "Nancy",
            "#1",
            "-5",
            "/x",
            "张三",
            "13800138000",
            "2024-05-01",
            "x",
        ];
        for cell in cells {
            assert_eq!(blank(cell), is_blank(&normalize(cell)), "{cell:?}");
        }
        assert!(blank("\u{3000}ｎ／ａ "));
        assert!(!blank("无锡"));
    }
}
