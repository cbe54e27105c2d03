//! Recognising the columns of an imported sheet: what each header maps to, where the header
//! row is (under title and date rows), merged and two-row headers, and a signature so a saved
//! mapping is offered again for a file with the same headers.
//!
//! Decisions (the import preview lets the user change every one of them):
//! - Each header maps to what it literally says. 客户名称 / 客户 / 客户姓名 / 姓名 / 名称 / Name /
//!   Customer → [`Target::Name`] (the customer's display name, a person or a company);
//!   公司名称 / 公司 / 单位 / 企业名称 / Company name / Organization → [`Target::Company`]. The
//!   row builder uses the company as the name when a sheet has no name column.
//! - 联系人 (the contact person at a company) → [`Target::ContactName`], and 联系人电话 /
//!   联系人邮箱 / 联系人职务 → the contact's phone, e-mail and title; 联系电话 (the customer's
//!   phone) → [`Target::Phones`].
//! - First Name / Last Name (HubSpot) and 名 / 姓 → [`Target::FirstName`] / [`Target::LastName`],
//!   joined into the name by [`join_names`].
//! - HubSpot: Lifecycle Stage → stage, Contact owner → owner, Create Date → first contact
//!   date, address parts (Street Address, City, State/Region, …) → address. Lead Status and
//!   Last Activity Date are kept as custom fields: their values are not Rapport categories, and
//!   a date alone is not a follow-up.
//! - "Notes" / 备注 are the customer's notes; follow-up text is 跟进内容 / 跟进情况 / Follow-up
//!   notes.
//! - A row counter (序号, No., #) is ignored.
//! - 客户类型 / 类型 read as the category, 客户性质 as the kind; a column whose values are
//!   mostly the other one's is mapped to it ([`refine_by_values`]: 企业客户 / 个人客户 → kind).
//! - A target met twice: phones, e-mails, WeChat IDs, tags, address and notes take several
//!   columns (电话 + 手机); any other second column becomes a custom field, never overwriting.
//! - The header row is the one with the most known headers among rows where at least half the
//!   cells are known (the earliest on a tie); a two-row header is combined as group + cell
//!   (联系人 over 姓名 | 电话 → 联系人姓名, 联系人电话), see [`combine_two_rows`].
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

mod by_values;
mod layout;
mod normalise;
mod table;

pub use by_values::refine_by_values;
pub use layout::{
    combine_two_rows, fill_merged, find_header_row, is_sub_header, locate_header, Header,
};
pub use normalise::normalise;

/// What a column of an imported sheet can hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Target {
    // The customer.
    Kind,
    Name,
    FirstName,
    LastName,
    Company,
    Position,
    Department,
    Phones,
    Emails,
    Address,
    WechatIds,
    Industry,
    CompanySize,
    Website,
    MainBusiness,
    Source,
    FirstContactDate,
    FirstContactBy,
    Owner,
    Birthday,
    ContractExpiry,
    Notes,
    Category,
    Stage,
    LostReason,
    Priority,
    Tags,
    CoreNeed,
    Budget,
    DecisionChain,
    Deadline,
    // The customer's key contact.
    ContactName,
    ContactTitle,
    ContactPhone,
    ContactEmail,
    // A follow-up (one per row in a 跟进记录表).
    FollowUpAt,
    FollowUpMethod,
    FollowUpTopic,
    FollowUpContent,
    FollowUpFeedback,
    FollowUpResult,
    NextAction,
    NextFollowUpAt,
    NextFollowUpBy,
    // Sales records on the customer (a 客户成交管理表 keeps them beside the follow-ups).
    /// 预计成交金额: an opportunity with that expected amount.
    OpportunityAmount,
    /// 成交金额 and the deal's other cells: a deal.
    DealAmount,
    DealDate,
    DealProduct,
    DealPaymentMethod,
    /// 服务日期 and the service's other cells: an after-sales record.
    ServiceDate,
    ServiceContent,
    ServiceSatisfaction,
    /// 下次服务: a date is the next service's due day, other text its plan.
    NextService,
    /// 投诉日期 and the complaint's other cells: the after-sales record is a complaint.
    ComplaintReceived,
    ComplaintCategory,
    ComplaintSeverity,
    ComplaintStatus,
    ComplaintResolved,
    ComplaintResolution,
    /// 跟进人: who made the follow-up (not the customer's owner).
    FollowUpBy,
    /// The column is not imported.
    Ignore,
    /// Kept as a custom field of this name.
    Custom(String),
}

impl Target {
    /// Targets several columns may fill: lists (电话 and 手机 are both phones) and text that
    /// is joined (an address split into 省 / 市 / 详细地址). Any other target a second time
    /// becomes a custom field, so no value is silently overwritten.
    pub fn accepts_many(&self) -> bool {
        matches!(
            self,
            Target::Phones
                | Target::Emails
                | Target::WechatIds
                | Target::Tags
                | Target::Address
                | Target::Notes
                | Target::Ignore
        )
    }
}

/// What `header` means, from the Chinese and English synonyms; `None` when it is not known.
/// Matching ignores width, case, spaces, `*`, `:`, punctuation and bracketed notes such as
/// `（元）`, a trailing number of one or two digits (电话2) and a leading 客户 / customer.
pub fn recognise(header: &str) -> Option<Target> {
    table::recognise_key(&normalise(header))
}

/// Every synonym known, as `(normalised header, target)`: for help text listing what is
/// recognised, and for tests.
pub fn synonyms() -> &'static [(&'static str, Target)] {
    table::SYNONYMS
}

/// The target of every column: recognised headers, unknown ones as custom fields (named by
/// the header, made unique case-insensitively as validation requires), empty ones ignored.
pub fn map_columns(header: &[String]) -> Vec<Target> {
    let mut taken = HashSet::new();
    let mut custom_names = HashSet::new();
    header
        .iter()
        .map(|h| {
            let label = display_label(h);
            if label.is_empty() {
                return Target::Ignore;
            }
            match recognise(h) {
                Some(t) if t.accepts_many() || taken.insert(t.clone()) => t,
                _ => Target::Custom(unique_name(&label, &mut custom_names)),
            }
        })
        .collect()
}

/// Custom field names are at most 100 characters (validation).
const MAX_CUSTOM_NAME: usize = 100;

/// The header as a field name: trimmed, inner runs of white space (line breaks in a wrapped
/// header cell) made one space.
fn display_label(header: &str) -> String {
    let words: Vec<&str> = header
        .split(|c: char| c.is_whitespace() || c == '\u{feff}')
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// `label`, or `label (2)`, `label (3)` … when a custom field of that name (ignoring case)
/// exists already; cut to [`MAX_CUSTOM_NAME`] characters.
fn unique_name(label: &str, taken: &mut HashSet<String>) -> String {
    // Cut names are trimmed again: validation trims, and "a " must not collide with "a".
    let cut = |n: usize| {
        label
            .chars()
            .take(n)
            .collect::<String>()
            .trim_end()
            .to_owned()
    };
    let base = cut(MAX_CUSTOM_NAME - 6);
    let mut name = cut(MAX_CUSTOM_NAME);
    let mut n = 1;
    while !taken.insert(name.to_lowercase()) {
        n += 1;
        name = format!("{base} ({n})");
    }
    name
}

/// A stable key for a header row, to find the mapping saved for a file with the same headers:
/// each header folded (width, case, white space) in order, empty trailing columns left out.
/// Units in brackets are kept: 金额（元） and 金额（万元） need different mappings.
pub fn header_signature(header: &[String]) -> String {
    let mut keys: Vec<String> = header.iter().map(|h| normalise::fold_light(h)).collect();
    while keys.last().is_some_and(String::is_empty) {
        keys.pop();
    }
    format!("h1:{}", keys.join("\t"))
}

/// The name from First Name / Last Name (or 名 / 姓) columns: "First Last" in Latin script,
/// family name first without a space in Chinese (姓 张 + 名 伟 → 张伟).
pub fn join_names(first: &str, last: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() || last.is_empty() {
        return format!("{first}{last}");
    }
    let latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    if latin(first) || latin(last) {
        format!("{first} {last}")
    } else {
        format!("{last}{first}")
    }
}
