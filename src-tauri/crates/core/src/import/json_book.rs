//! Rapport's own JSON export (`export::to_json`) read back for import: recognised, parsed,
//! checked, and turned into what the import does with it.
//!
//! Decisions:
//! - A file whose first character (after a BOM and white space) is `{` is read as JSON; any
//!   other JSON is not a Rapport export and is refused as such, not read as a CSV.
//! - `format` must be `rapport-export`; a `version` above [`JSON_VERSION`] is refused with
//!   "made by a newer Rapport"; broken JSON is a damaged file, named by serde_json's line and
//!   column. The head is read first (the rest skipped), so a newer layout is refused before
//!   the records are read.
//! - The file is checked whole before it is used ([`check`]): every id a ULID and unique in
//!   its kind, every follow-up, record and history event naming a customer of the file, tag
//!   ids naming tags of the file, stages in the file's pipeline. A hand-edited file that
//!   fails is refused with the place (`followUps[3].customerId`).
//! - Into an EMPTY book the file is restored as it was (`Store::restore_book`): ids, times,
//!   the trash, history, stages. Into a book with customers it is planned like a sheet
//!   ([`plan_merge`]): each live customer of the file is matched by the sheets' duplicate
//!   rules and comes with its follow-ups (跟进人 kept), opportunities, deals and after-sales
//!   records; records that fail the forms' checks are left out and listed. Merged records get
//!   new ids; a deal's link to its opportunity, the history and trashed customers are not
//!   merged (the history belongs to the book it happened in).
use crate::error::{CoreError, Result};
use crate::export::{JsonCustomer, JsonExport, JSON_FORMAT, JSON_VERSION};
use crate::import::plan::{
    match_keys, ExistingBook, Plan, PlanCounts, PlannedCustomer, PlannedRecords, ProblemOutcome,
    RowError, RowProblem,
};
use crate::model::{
    Customer, CustomerInput, Deal, DealInput, FollowUp, FollowUpInput, ImportBookSummary,
    Opportunity, OpportunityInput, ServiceInput, ServiceRecord, Stage,
};
use crate::stages::Pipeline;
use crate::validate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ulid::Ulid;

/// Whether `bytes` look like JSON (an object) rather than a table.
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
}

/// Parses and checks a JSON export (see the module notes for the errors).
pub fn parse(bytes: &[u8]) -> Result<JsonExport> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head: Head = serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => not_an_export(),
        _ => malformed(&e),
    })?;
    if head.format.as_deref() != Some(JSON_FORMAT) {
        return Err(not_an_export());
    }
    match head.version {
        Some(v) if (1..=u64::from(JSON_VERSION)).contains(&v) => {}
        Some(v) if v > u64::from(JSON_VERSION) => return Err(too_new(v)),
        _ => return Err(not_an_export()),
    }
    let book: JsonExport = serde_json::from_slice(body).map_err(|e| malformed(&e))?;
    check(&book)?;
    Ok(book)
}

/// The book as compact JSON, for the reader process's answer (read back with [`parse`]).
pub fn to_wire(book: &JsonExport) -> Result<Vec<u8>> {
    serde_json::to_vec(book).map_err(|e| CoreError::Storage(format!("JSON export: {e}")))
}

/// The file is broken JSON (or a value of the wrong kind): the damaged-file error with the
/// place.
pub fn malformed(e: &serde_json::Error) -> CoreError {
    let what = crate::import::guard::shorten(&e.to_string());
    CoreError::file(
        "damagedFile",
        format!(
            "JSON 文件已损坏，无法读取（第 {} 行第 {} 列：{what}）。请重新从客脉导出。客户数据未改动。",
            e.line(),
            e.column()
        ),
        format!(
            "The JSON file is damaged and cannot be read (line {}, column {}: {what}). Export it from Rapport again. Nothing was changed.",
            e.line(),
            e.column()
        ),
    )
}

pub fn not_an_export() -> CoreError {
    CoreError::file(
        "notRapportJson",
        "这个 JSON 文件不是客脉导出的客户资料（缺少 \"format\": \"rapport-export\"）。客户数据未改动。",
        "This JSON file is not a Rapport export (it lacks \"format\": \"rapport-export\"). Nothing was changed.",
    )
}

pub fn too_new(version: u64) -> CoreError {
    CoreError::file(
        "jsonTooNew",
        format!(
            "这个 JSON 文件由较新版本的客脉导出（格式版本 {version}，本版本只能读取到 {JSON_VERSION}）。请先升级客脉。客户数据未改动。"
        ),
        format!(
            "This JSON file was exported by a newer Rapport (format version {version}; this version reads up to {JSON_VERSION}). Update Rapport first. Nothing was changed."
        ),
    )
}

fn inconsistent(place: &str, what_zh: &str, what_en: &str) -> CoreError {
    CoreError::file(
        "damagedFile",
        format!("JSON 文件内容不一致，无法导入（{place}：{what_zh}）。请重新从客脉导出。客户数据未改动。"),
        format!("The JSON file is inconsistent and cannot be imported ({place}: {what_en}). Export it from Rapport again. Nothing was changed."),
    )
}

/// A ULID in its canonical form (upper case, as Rapport writes it): two spellings of one id
/// would otherwise be two records to the file and one key to the book.
fn ulid_at(place: &str, id: &str) -> Result<Ulid> {
    match Ulid::from_string(id) {
        Ok(u) if u.to_string() == id => Ok(u),
        _ => Err(inconsistent(place, "不是有效的编号", "not a valid id")),
    }
}

/// Ids unique within their kind.
fn unique<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<HashSet<&'a str>> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        let place = format!("{kind}[{i}].id");
        ulid_at(&place, id)?;
        if !seen.insert(id) {
            return Err(inconsistent(&place, "编号重复", "the id appears twice"));
        }
    }
    Ok(seen)
}

/// The checks of the module notes.
pub fn check(book: &JsonExport) -> Result<()> {
    let customers = unique(
        "customers",
        book.customers.iter().map(|c| c.customer.id.as_str()),
    )?;
    let tags = unique("tags", book.tags.iter().map(|t| t.id.as_str()))?;
    unique("followUps", book.follow_ups.iter().map(|f| f.id.as_str()))?;
    unique(
        "opportunities",
        book.opportunities.iter().map(|o| o.id.as_str()),
    )?;
    unique("deals", book.deals.iter().map(|d| d.id.as_str()))?;
    unique("services", book.services.iter().map(|s| s.id.as_str()))?;
    let owner = |kind: &str, i: usize, id: &str| {
        if customers.contains(id) {
            Ok(())
        } else {
            let place = format!("{kind}[{i}].customerId");
            Err(inconsistent(
                &place,
                "文件中没有这位客户",
                "no such customer in the file",
            ))
        }
    };
    for (i, f) in book.follow_ups.iter().enumerate() {
        owner("followUps", i, &f.customer_id)?;
    }
    for (i, o) in book.opportunities.iter().enumerate() {
        owner("opportunities", i, &o.customer_id)?;
    }
    let opportunity_of: HashMap<&str, &str> = book
        .opportunities
        .iter()
        .map(|o| (o.id.as_str(), o.customer_id.as_str()))
        .collect();
    for (i, d) in book.deals.iter().enumerate() {
        owner("deals", i, &d.customer_id)?;
        // A deal closes an opportunity of its own customer (found by the fuzzer: a deal whose
        // opportunity the file lacks restored into a book `verify_indexes` refuses).
        if let Some(o) = &d.opportunity_id {
            if opportunity_of.get(o.as_str()) != Some(&d.customer_id.as_str()) {
                let place = format!("deals[{i}].opportunityId");
                return Err(inconsistent(
                    &place,
                    "这位客户没有这个商机",
                    "no such opportunity of this customer in the file",
                ));
            }
        }
    }
    for (i, s) in book.services.iter().enumerate() {
        owner("services", i, &s.customer_id)?;
    }
    for (i, h) in book.history.iter().enumerate() {
        owner("history", i, &h.customer_id)?;
    }
    let mut names = HashSet::new();
    for (i, t) in book.tags.iter().enumerate() {
        if !names.insert(validate::tag_key(&t.name)) {
            let place = format!("tags[{i}].name");
            return Err(inconsistent(&place, "标签重名", "two tags have this name"));
        }
    }
    let pipeline = file_pipeline(book)?;
    for (i, c) in book.customers.iter().enumerate() {
        for tid in &c.customer.tag_ids {
            if !tags.contains(tid.as_str()) {
                let place = format!("customers[{i}].tagIds");
                return Err(inconsistent(
                    &place,
                    "文件中没有这个标签",
                    "no such tag in the file",
                ));
            }
        }
        if !pipeline.contains(c.customer.fields.stage) {
            let place = format!("customers[{i}].stage");
            return Err(inconsistent(
                &place,
                "阶段不在文件的阶段列表中",
                "a stage the file's pipeline lacks",
            ));
        }
    }
    for (i, o) in book.opportunities.iter().enumerate() {
        if !pipeline.contains(o.stage) {
            let place = format!("opportunities[{i}].stage");
            return Err(inconsistent(
                &place,
                "阶段不在文件的阶段列表中",
                "a stage the file's pipeline lacks",
            ));
        }
    }
    Ok(())
}

/// The file's pipeline (the built-in one when it has no `stages`), checked as settings are.
pub fn file_pipeline(book: &JsonExport) -> Result<Pipeline> {
    if book.stages.is_empty() {
        return Ok(Pipeline::default());
    }
    let settings = crate::model::Settings {
        stages: book.stages.clone(),
        ..crate::model::Settings::with_language(crate::model::Language::Zh)
    };
    validate::settings(settings)
        .map(|s| Pipeline::new(&s.stages))
        .map_err(|_| inconsistent("stages", "阶段列表无效", "the stage list is not valid"))
}

/// What the file holds, and whether it is restored or merged, for the preview.
pub fn summary(book: &JsonExport, restore: bool) -> ImportBookSummary {
    ImportBookSummary {
        restore,
        version: book.version,
        exported_at: book.exported_at,
        customers: book.customers.len() as u32,
        trashed: book
            .customers
            .iter()
            .filter(|c| c.customer.deleted_at.is_some())
            .count() as u32,
        tags: book.tags.len() as u32,
        follow_ups: book.follow_ups.len() as u32,
        opportunities: book.opportunities.len() as u32,
        deals: book.deals.len() as u32,
        services: book.services.len() as u32,
        history: book.history.len() as u32,
        stages: book.stages.len() as u32,
    }
}

/// A choice as the text the forms send (`phone`, `high`, `online`).
fn choice_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn follow_up_input(f: &FollowUp) -> FollowUpInput {
    FollowUpInput {
        at: f.at,
        method: choice_text(&f.method),
        by: f.by.clone(),
        topic: f.topic.clone(),
        content: f.content.clone(),
        feedback: f.feedback.clone(),
        result: f.result.clone(),
        next_action: f.next_action.clone(),
        next_at: f.next_at,
        next_by: f.next_by.clone(),
        priority: choice_text(&f.priority),
        contact: f.contact.clone(),
        done: f.done,
        ..FollowUpInput::default()
    }
}

fn opportunity_input(o: &Opportunity, stage: Stage) -> OpportunityInput {
    OpportunityInput {
        source: o.source.clone(),
        need: o.need.clone(),
        budget_note: o.budget_note.clone(),
        intent: o.intent.clone(),
        stage,
        expected_close: o.expected_close,
        expected_amount: o.expected_amount,
        product: o.product.clone(),
    }
}

fn deal_input(d: &Deal) -> DealInput {
    DealInput {
        date: d.date,
        amount: d.amount,
        product_or_service: d.product_or_service.clone(),
        payment_method: choice_text(&d.payment_method),
        salesperson: d.salesperson.clone(),
        notes: d.notes.clone(),
        opportunity_id: None,
    }
}

fn service_input(s: &ServiceRecord) -> ServiceInput {
    ServiceInput {
        date: s.date,
        request: s.request.clone(),
        problem: s.problem.clone(),
        solution: s.solution.clone(),
        result: s.result.clone(),
        satisfaction: s.satisfaction,
        next_plan: s.next_plan.clone(),
        next_plan_at: s.next_plan_at,
        complaint: s.complaint.as_ref().map(Into::into),
    }
}

/// A stage of the file in the book's pipeline: itself when the book has it, else the book's
/// stage of the same name (a custom stage named alike), else `None`.
fn book_stage(stage: Stage, file: &Pipeline, book: &Pipeline) -> Option<Stage> {
    if book.contains(stage) && file.custom_name(stage) == book.custom_name(stage) {
        return Some(stage);
    }
    for lang in [crate::model::Language::Zh, crate::model::Language::En] {
        let name = file.label(stage, lang);
        if let Some(s) = book.stages().find(|s| book.label(*s, lang) == name) {
            return Some(s);
        }
    }
    book.contains(stage).then_some(stage)
}

fn problem(row: usize, name: &str, e: CoreError, outcome: ProblemOutcome) -> RowError {
    RowError {
        row,
        column: None,
        value: Some(name.chars().take(80).collect()),
        reason: RowProblem::from(e),
        outcome,
    }
}

/// The merge of the file's live customers into a book with customers: the plan the sheets'
/// commit runs (see the module notes). A customer's "row" is its place in the file (1-based).
pub fn plan_merge(book: &JsonExport, existing: &dyn ExistingBook, pipeline: &Pipeline) -> Plan {
    let file = file_pipeline(book).unwrap_or_default();
    let tag_names: HashMap<&str, &str> = book
        .tags
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let mut follow_ups: HashMap<&str, Vec<&FollowUp>> = HashMap::new();
    for f in &book.follow_ups {
        follow_ups.entry(&f.customer_id).or_default().push(f);
    }
    let mut opportunities: HashMap<&str, Vec<&Opportunity>> = HashMap::new();
    for o in &book.opportunities {
        opportunities.entry(&o.customer_id).or_default().push(o);
    }
    let mut deals: HashMap<&str, Vec<&Deal>> = HashMap::new();
    for d in &book.deals {
        deals.entry(&d.customer_id).or_default().push(d);
    }
    let mut services: HashMap<&str, Vec<&ServiceRecord>> = HashMap::new();
    for s in &book.services {
        services.entry(&s.customer_id).or_default().push(s);
    }
    let mut customers = Vec::new();
    let mut invalid = Vec::new();
    let mut counts = PlanCounts::default();
    for (i, JsonCustomer { customer: c, .. }) in book.customers.iter().enumerate() {
        if c.deleted_at.is_some() {
            continue;
        }
        let row = i + 1;
        counts.rows += 1;
        let name = c.fields.name.as_str();
        let mut input = CustomerInput {
            fields: c.fields.clone(),
            tags: c
                .tag_ids
                .iter()
                .filter_map(|id| tag_names.get(id.as_str()).map(|n| (*n).to_owned()))
                .collect(),
        };
        let mut partial = false;
        match book_stage(c.fields.stage, &file, pipeline) {
            Some(s) => input.fields.stage = s,
            None => {
                input.fields.stage = Stage::default();
                partial = true;
                let e = CoreError::invalid("stage", crate::error::Invalid::UnknownChoice);
                invalid.push(problem(row, name, e, ProblemOutcome::CellLeftEmpty));
            }
        }
        let input = match validate::customer(input) {
            Ok(input) => input,
            Err(e) => {
                counts.invalid_rows += 1;
                invalid.push(problem(row, name, e, ProblemOutcome::RowLeftOut));
                continue;
            }
        };
        let owner = Customer {
            id: c.id.clone(),
            fields: input.fields.clone(),
            tag_ids: Vec::new(),
            created_at: c.created_at,
            updated_at: c.updated_at,
            deleted_at: None,
        };
        let mut planned = PlannedCustomer {
            input,
            follow_ups: Vec::new(),
            records: PlannedRecords::default(),
            rows: vec![row],
            duplicate_of: None,
        };
        for f in follow_ups.get(c.id.as_str()).into_iter().flatten() {
            let f = follow_up_input(f);
            match validate::follow_up(f.clone(), &owner) {
                Ok(_) => planned.follow_ups.push(f),
                Err(e) => {
                    partial = true;
                    invalid.push(problem(row, name, e, ProblemOutcome::FollowUpLeftOut));
                }
            }
        }
        for o in opportunities.get(c.id.as_str()).into_iter().flatten() {
            let stage = book_stage(o.stage, &file, pipeline).unwrap_or_default();
            match validate::opportunity(opportunity_input(o, stage)) {
                Ok(o) => planned.records.opportunities.push(o),
                Err(e) => {
                    partial = true;
                    invalid.push(problem(row, name, e, ProblemOutcome::CellLeftEmpty));
                }
            }
        }
        for d in deals.get(c.id.as_str()).into_iter().flatten() {
            let d = deal_input(d);
            match validate::deal(d.clone()) {
                Ok(_) => planned.records.deals.push(d),
                Err(e) => {
                    partial = true;
                    invalid.push(problem(row, name, e, ProblemOutcome::CellLeftEmpty));
                }
            }
        }
        for s in services.get(c.id.as_str()).into_iter().flatten() {
            match validate::service(service_input(s)) {
                Ok(s) => planned.records.services.push(s),
                Err(e) => {
                    partial = true;
                    invalid.push(problem(row, name, e, ProblemOutcome::CellLeftEmpty));
                }
            }
        }
        planned.duplicate_of = match_keys(&planned.input.fields)
            .iter()
            .find_map(|k| existing.find(k));
        if planned.duplicate_of.is_some() {
            counts.duplicates += 1;
        } else {
            counts.new_customers += 1;
        }
        if partial {
            counts.partial_rows += 1;
        }
        counts.follow_ups += planned.follow_ups.len();
        counts.opportunities += planned.records.opportunities.len();
        counts.deals += planned.records.deals.len();
        counts.services += planned.records.services.len();
        customers.push(planned);
    }
    Plan {
        customers,
        invalid,
        notices: Vec::new(),
        skipped: Vec::new(),
        assumptions: Vec::new(),
        counts,
    }
}
