//! The sales-record cells of a row (a 客户成交管理表 keeps opportunities, deals and after-sales
//! visits beside the follow-ups) as the opportunity, deal and after-sales record they hold.
//!
//! Decisions:
//! - 预计成交金额 (an opportunity amount column) makes an opportunity at the row's stage with
//!   that expected amount. A cell that is no amount (`面议`, `待定`) still makes the
//!   opportunity, without an amount and with the text as its budget note; the preview says so.
//! - 成交金额 makes a deal. A deal must have an amount: a cell that is no amount makes none,
//!   and the row's deal cells are kept in the customer's notes (`成交金额：面议`), reported.
//!   Deal cells without any amount column cell (a 产品 alone) are kept in the notes the same way.
//! - A deal or an after-sales record without its date is dated the row's follow-up day, or
//!   the day of the import when the row has none; the preview says which.
//! - A deal without a product is recorded as 未注明 / Not specified (the deal form requires
//!   one); a blank payment method is online, the form's default.
//! - Any of 服务日期 / 服务内容 / 满意度 / 下次服务 makes an after-sales record: 服务内容 is what
//!   was done (its solution), 下次服务 a date (then its due day, at the reminder time) or the
//!   plan's text.
//! - Any of 投诉日期 / 投诉类别 / 严重程度 / 处理状态 / 解决日期 / 处理结果 makes the record a
//!   complaint (see `ComplaintCells::input` for the defaults); the form's rules apply, so a
//!   resolved date before the received one is refused under its column.
//! - A customer's stage is not changed by its deals: the sheet's 阶段 column says where the
//!   customer stands, and a deal can be a repeat purchase.
//! - Rows of one customer repeating the same record cells (a sheet repeats or merges a
//!   customer's cells over its follow-up rows) make one record; different cells make
//!   different records, so two rows with a deal each are two deals. See `Grouper`.
use super::complaint_cells::ComplaintCells;
use super::followup::instant;
use super::report::{Located, RowProblem};
use super::PlanOptions;
use crate::import::headers::Target;
use crate::import::values::*;
use crate::model::{DealInput, Language, OpportunityInput, PaymentMethod, ServiceInput, Stage};
use crate::schedule::local_date;
use crate::validate;
use chrono::{NaiveDate, TimeZone};

/// The sales records planned for a customer, in sheet order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlannedRecords {
    pub opportunities: Vec<OpportunityInput>,
    pub deals: Vec<DealInput>,
    pub services: Vec<ServiceInput>,
}

impl PlannedRecords {
    pub fn is_empty(&self) -> bool {
        self.opportunities.is_empty() && self.deals.is_empty() && self.services.is_empty()
    }
}

/// An amount cell: cents, or text that is no amount (kept as a note).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum AmountCell {
    Cents(i64),
    Text(String),
}

fn amount_cell(text: &str) -> AmountCell {
    match parse_amount(text) {
        Ok(Some(c)) if validate::amount("amount", c).is_ok() => AmountCell::Cents(c),
        _ => AmountCell::Text(text.to_string()),
    }
}

/// 下次服务: a due day or a plan's text.
#[derive(Debug, Clone, PartialEq)]
enum NextCell {
    At(DateValue),
    Plan(String),
}

/// The record cells of one row, read but not yet combined.
#[derive(Debug, Clone, Default)]
pub(super) struct RecordCells {
    opportunity: Option<AmountCell>,
    deal_amount: Option<AmountCell>,
    deal_date: Option<NaiveDate>,
    deal_product: String,
    deal_payment: Option<PaymentMethod>,
    service_date: Option<NaiveDate>,
    service_content: String,
    satisfaction: Option<u8>,
    next_service: Option<NextCell>,
    complaint: ComplaintCells,
}

/// A record of one row, with what identifies it among the customer's rows (its cells as
/// given, before a missing date is filled in).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Keyed<T> {
    pub record: T,
    pub key: String,
    /// Said about it in the preview (an assumed date), added only when it is planned.
    pub notices: Vec<Located>,
}

/// The records one row holds, checked as the forms check them.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct RowRecords {
    pub opportunity: Option<Keyed<OpportunityInput>>,
    pub deal: Option<Keyed<DealInput>>,
    pub service: Option<Keyed<ServiceInput>>,
    /// The deal cells kept in the customer's notes, and why (for the preview).
    pub notes: Vec<String>,
    pub notices: Vec<Located>,
}

impl RowRecords {
    pub fn is_empty(&self) -> bool {
        self.opportunity.is_none() && self.deal.is_none() && self.service.is_none()
    }
}

/// The row's context for its records.
pub(super) struct RowContext<'a> {
    pub columns: &'a [Target],
    pub stage: Stage,
    /// The local day of the row's follow-up, if it has one.
    pub follow_up_day: Option<NaiveDate>,
}

impl RecordCells {
    /// Reads one cell of a record target.
    pub(super) fn apply(
        &mut self,
        target: &Target,
        text: &str,
        date: impl Fn(&str) -> Result<Option<DateValue>, ValueError>,
    ) -> Result<(), RowProblem> {
        use Target::*;
        match target {
            OpportunityAmount => self.opportunity = Some(amount_cell(text)),
            DealAmount => self.deal_amount = Some(amount_cell(text)),
            DealDate => self.deal_date = date(text)?.map(|d| d.date()),
            DealProduct => put(&mut self.deal_product, text),
            DealPaymentMethod => self.deal_payment = parse_payment_method(text)?,
            ServiceDate => self.service_date = date(text)?.map(|d| d.date()),
            ServiceContent => put(&mut self.service_content, text),
            ServiceSatisfaction => self.satisfaction = parse_satisfaction(text)?,
            ComplaintReceived => self.complaint.received = date(text)?.map(|d| d.date()),
            ComplaintCategory => self.complaint.category = parse_complaint_category(text)?,
            ComplaintSeverity => self.complaint.severity = parse_complaint_severity(text)?,
            ComplaintStatus => self.complaint.status = parse_complaint_status(text)?,
            ComplaintResolved => self.complaint.resolved = date(text)?.map(|d| d.date()),
            ComplaintResolution => put(&mut self.complaint.resolution, text),
            NextService => {
                self.next_service = Some(match date(text) {
                    Ok(Some(at)) => NextCell::At(at),
                    _ => NextCell::Plan(text.to_string()),
                })
            }
            _ => {}
        }
        Ok(())
    }

    fn has_deal_cells(&self) -> bool {
        self.deal_amount.is_some()
            || self.deal_date.is_some()
            || !self.deal_product.is_empty()
            || self.deal_payment.is_some()
    }

    fn has_service(&self) -> bool {
        self.service_date.is_some()
            || !self.service_content.is_empty()
            || self.satisfaction.is_some()
            || self.next_service.is_some()
            || !self.complaint.is_empty()
    }

    /// The row's records (checked), or the problems of the first one that is refused.
    pub(super) fn build<Tz: TimeZone>(
        self,
        ctx: &RowContext,
        options: &PlanOptions<Tz>,
    ) -> Result<RowRecords, Vec<Located>> {
        let mut out = RowRecords::default();
        let column = |t: Target| ctx.columns.iter().position(|c| *c == t);
        let (day, from_follow_up) = match ctx.follow_up_day {
            Some(d) => (d, true),
            None => (local_date(options.now, &options.tz), false),
        };
        if let Some(cell) = &self.opportunity {
            let mut input = OpportunityInput {
                stage: ctx.stage,
                ..OpportunityInput::default()
            };
            let mut notices = Vec::new();
            match cell {
                AmountCell::Cents(c) => input.expected_amount = Some(*c),
                AmountCell::Text(t) => {
                    input.budget_note = t.clone();
                    notices.push(Located::new(
                        column(Target::OpportunityAmount),
                        RowProblem::AmountAsNote,
                    ));
                }
            }
            let record = validate::opportunity(input)
                .map_err(|e| vec![locate(e, column(Target::OpportunityAmount))])?;
            out.opportunity = Some(Keyed {
                record,
                key: format!("{cell:?}"),
                notices,
            });
        }
        if self.has_deal_cells() {
            self.build_deal(ctx, options.lang, (day, from_follow_up), &mut out)?;
        }
        if self.has_service() {
            let at = |v: DateValue| instant(v, options.reminder_time, &options.tz);
            let (next_plan, next_plan_at) = match &self.next_service {
                Some(NextCell::At(v)) => (String::new(), Some(at(*v))),
                Some(NextCell::Plan(t)) => (t.clone(), None),
                None => (String::new(), None),
            };
            let mut notices = Vec::new();
            let first = [
                Target::ServiceDate,
                Target::ServiceContent,
                Target::ServiceSatisfaction,
                Target::NextService,
                Target::ComplaintReceived,
                Target::ComplaintCategory,
                Target::ComplaintSeverity,
                Target::ComplaintStatus,
                Target::ComplaintResolved,
                Target::ComplaintResolution,
            ]
            .into_iter()
            .find_map(column);
            if self.service_date.is_none() && self.complaint.received.is_none() {
                let problem = RowProblem::DateAssumed {
                    date: day,
                    from_follow_up,
                };
                notices.push(Located::new(first, problem));
            }
            let service_day = self.service_date.or(self.complaint.received).unwrap_or(day);
            let input = ServiceInput {
                date: service_day,
                complaint: self.complaint.input(service_day),
                solution: self.service_content.clone(),
                satisfaction: self.satisfaction,
                next_plan,
                next_plan_at,
                ..ServiceInput::default()
            };
            let key = format!(
                "{:?}|{}|{:?}|{:?}|{:?}",
                self.service_date,
                self.service_content,
                self.satisfaction,
                self.next_service,
                self.complaint
            );
            let record = validate::service(input).map_err(|e| {
                let field = e.field().unwrap_or_default();
                let target = match field.as_str() {
                    "date" => Target::ServiceDate,
                    "nextPlan" | "nextPlanAt" => Target::NextService,
                    "satisfaction" => Target::ServiceSatisfaction,
                    "complaint.receivedOn" => Target::ComplaintReceived,
                    "complaint.category" => Target::ComplaintCategory,
                    "complaint.severity" => Target::ComplaintSeverity,
                    "complaint.status" => Target::ComplaintStatus,
                    "complaint.resolvedOn" => Target::ComplaintResolved,
                    "complaint.resolution" => Target::ComplaintResolution,
                    _ => Target::ServiceContent,
                };
                vec![locate(e, column(target))]
            })?;
            out.service = Some(Keyed {
                record,
                key,
                notices,
            });
        }
        Ok(out)
    }

    fn build_deal(
        &self,
        ctx: &RowContext,
        lang: Language,
        (day, from_follow_up): (NaiveDate, bool),
        out: &mut RowRecords,
    ) -> Result<(), Vec<Located>> {
        let column = |t: Target| ctx.columns.iter().position(|c| *c == t);
        let Some(AmountCell::Cents(amount)) = self.deal_amount else {
            out.notes.extend(self.deal_note_lines(lang));
            let at = [Target::DealAmount, Target::DealDate, Target::DealProduct]
                .into_iter()
                .find_map(column);
            out.notices
                .push(Located::new(at, RowProblem::DealKeptInNotes));
            return Ok(());
        };
        let mut notices = Vec::new();
        if self.deal_date.is_none() {
            let problem = RowProblem::DateAssumed {
                date: day,
                from_follow_up,
            };
            notices.push(Located::new(column(Target::DealAmount), problem));
        }
        let product = if self.deal_product.is_empty() {
            pick(lang, "未注明", "Not specified").to_string()
        } else {
            self.deal_product.clone()
        };
        let payment = self.deal_payment.unwrap_or_default();
        let input = DealInput {
            date: self.deal_date.unwrap_or(day),
            amount,
            product_or_service: product,
            payment_method: payment_text(payment).to_string(),
            ..DealInput::default()
        };
        let key = format!(
            "{amount}|{:?}|{}|{:?}",
            self.deal_date, self.deal_product, self.deal_payment
        );
        let valid = validate::deal(input).map_err(|e| {
            let target = match e.field().unwrap_or_default().as_str() {
                "date" => Target::DealDate,
                "productOrService" => Target::DealProduct,
                "paymentMethod" => Target::DealPaymentMethod,
                _ => Target::DealAmount,
            };
            vec![locate(e, column(target))]
        })?;
        out.deal = Some(Keyed {
            record: valid.input,
            key,
            notices,
        });
        Ok(())
    }

    /// The deal cells as lines for the customer's notes (`成交金额：面议`).
    fn deal_note_lines(&self, lang: Language) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = |zh: &'static str, en: &'static str, value: String| {
            let label = pick(lang, zh, en);
            let sep = if lang == Language::En { ": " } else { "：" };
            lines.push(format!("{label}{sep}{value}"));
        };
        if let Some(AmountCell::Text(t)) = &self.deal_amount {
            line("成交金额", "Deal amount", t.clone());
        }
        if let Some(d) = self.deal_date {
            line("成交日期", "Deal date", d.to_string());
        }
        if !self.deal_product.is_empty() {
            line("产品", "Product", self.deal_product.clone());
        }
        if let Some(p) = self.deal_payment {
            let text = match p {
                PaymentMethod::Online => pick(lang, "线上支付", "Online"),
                PaymentMethod::Offline => pick(lang, "线下支付", "Offline"),
                PaymentMethod::Instalments => pick(lang, "分期付款", "Instalments"),
            };
            line("付款方式", "Payment method", text.to_string());
        }
        lines
    }
}

fn payment_text(p: PaymentMethod) -> &'static str {
    match p {
        PaymentMethod::Online => "online",
        PaymentMethod::Offline => "offline",
        PaymentMethod::Instalments => "instalments",
    }
}

fn pick(lang: Language, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Language::En {
        en
    } else {
        zh
    }
}

fn locate(e: crate::error::CoreError, column: Option<usize>) -> Located {
    Located::new(column, e.into())
}

/// A second column of the same text target is appended after a space, never lost.
fn put(field: &mut String, text: &str) {
    if !field.is_empty() {
        field.push(' ');
    }
    field.push_str(text);
}
