//! Validation names fields as the form does (`contacts[0].email`, `nextAt`); an import error
//! should name the sheet's column instead. These map a field path back to its column target.
use crate::import::headers::Target;
use crate::model::CustomField;

/// The column target behind a customer field path; `name_from` is the column the name came
/// from (a name, first-name or company column).
pub(super) fn customer_target(
    field: &str,
    name_from: &Target,
    custom: &[CustomField],
) -> Option<Target> {
    use Target::*;
    let head = field.split(['[', '.']).next().unwrap_or(field);
    let last = field.rsplit('.').next().unwrap_or(field);
    Some(match head {
        "name" => name_from.clone(),
        "kind" => Kind,
        "company" => Company,
        "position" => Position,
        "department" => Department,
        "phones" => Phones,
        "emails" => Emails,
        "address" => Address,
        "wechatIds" => WechatIds,
        "industry" => Industry,
        "companySize" => CompanySize,
        "website" => Website,
        "mainBusiness" => MainBusiness,
        "source" => Source,
        "firstContactDate" => FirstContactDate,
        "firstContactBy" => FirstContactBy,
        "owner" => Owner,
        "birthday" => Birthday,
        "contractExpiry" => ContractExpiry,
        "notes" => Notes,
        "category" => Category,
        "stage" => Stage,
        "lostReason" => LostReason,
        "priority" => Priority,
        "tags" => Tags,
        "needs" => needs_target(last)?,
        "contacts" => contact_target(last)?,
        "customFields" => Custom(custom.get(index(field)?)?.name.clone()),
        _ => return None,
    })
}

fn needs_target(last: &str) -> Option<Target> {
    Some(match last {
        "coreNeed" => Target::CoreNeed,
        "budget" => Target::Budget,
        "decisionChain" => Target::DecisionChain,
        "deadline" => Target::Deadline,
        _ => return None,
    })
}

fn contact_target(last: &str) -> Option<Target> {
    Some(match last {
        "name" => Target::ContactName,
        "title" => Target::ContactTitle,
        "phone" => Target::ContactPhone,
        "email" => Target::ContactEmail,
        _ => return None,
    })
}

/// `customFields[3].value` → 3.
fn index(field: &str) -> Option<usize> {
    let (_, rest) = field.split_once('[')?;
    rest.split_once(']')?.0.parse().ok()
}

/// The column target behind a follow-up field path.
pub(super) fn follow_up_target(field: &str) -> Option<Target> {
    use Target::*;
    Some(match field {
        "at" => FollowUpAt,
        "method" => FollowUpMethod,
        "topic" => FollowUpTopic,
        "content" => FollowUpContent,
        "feedback" => FollowUpFeedback,
        "result" => FollowUpResult,
        "nextAction" => NextAction,
        "nextAt" => NextFollowUpAt,
        "nextBy" => NextFollowUpBy,
        "priority" => Priority,
        _ => return None,
    })
}
