//! A customer's form saved over a book that changed while the form was open — in a team book a
//! pull brings a colleague's edit of the same customer. Only what this form changed, compared
//! with the customer it was opened on, is written; every other field keeps the book's current
//! value, so a stale form never writes a colleague's change back (and never pushes it to the
//! server as an edit of its own).
use crate::error::{CoreError, Result};
use crate::model::{CustomerFields, CustomerInput};
use serde_json::Value;

/// The form's edit over the book's current customer.
pub(in crate::store) struct MergedEdit {
    pub input: CustomerInput,
    /// The form changed the tags; otherwise the stored tags stay as they are.
    pub tags_changed: bool,
}

/// `edited` is the form as saved, `base` the form as it was opened, `current` the stored fields.
pub(in crate::store) fn merge_edit(
    base: &CustomerInput,
    edited: CustomerInput,
    current: &CustomerFields,
) -> Result<MergedEdit> {
    let json = |e: serde_json::Error| CoreError::Storage(format!("customer edit merge: {e}"));
    let fields = merge_value(
        serde_json::to_value(&base.fields).map_err(json)?,
        serde_json::to_value(&edited.fields).map_err(json)?,
        serde_json::to_value(current).map_err(json)?,
    );
    let tags_changed = edited.tags != base.tags;
    Ok(MergedEdit {
        input: CustomerInput {
            fields: serde_json::from_value(fields).map_err(json)?,
            tags: edited.tags,
        },
        tags_changed,
    })
}

/// Field by field (nested objects such as the needs too): the edit where it differs from the
/// base, else the current value. Lists (phones, contacts) are one value each.
fn merge_value(base: Value, edited: Value, current: Value) -> Value {
    match (base, edited, current) {
        (Value::Object(mut base), Value::Object(edited), Value::Object(mut current)) => {
            for (key, value) in edited {
                let was = base.remove(&key).unwrap_or(Value::Null);
                let now = current.remove(&key).unwrap_or(Value::Null);
                current.insert(key, merge_value(was, value, now));
            }
            Value::Object(current)
        }
        (base, edited, current) => {
            if edited == base {
                current
            } else {
                edited
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input(name: &str, phone: &str, budget: &str) -> CustomerInput {
        let mut i = CustomerInput::default();
        i.fields.name = name.into();
        i.fields.phones = vec![phone.into()];
        i.fields.needs.budget = budget.into();
        i
    }

    #[test]
    fn only_the_forms_own_changes_are_written_over_the_current_customer() {
        let base = input("华东贸易", "021 1111", "10万");
        // The form changed the phone; meanwhile a colleague changed the name and the budget.
        let edited = input("华东贸易", "021 2222", "10万");
        let current = input("华东贸易集团", "021 1111", "20万").fields;
        let merged = merge_edit(&base, edited, &current).unwrap();
        assert_eq!(merged.input.fields.name, "华东贸易集团");
        assert_eq!(merged.input.fields.phones, vec!["021 2222".to_string()]);
        assert_eq!(merged.input.fields.needs.budget, "20万");
        assert!(!merged.tags_changed);
    }

    #[test]
    fn a_field_both_changed_takes_the_forms_value() {
        let base = input("A", "1", "10万");
        let edited = input("A", "1", "30万");
        let current = input("A", "1", "20万").fields;
        let merged = merge_edit(&base, edited, &current).unwrap();
        assert_eq!(merged.input.fields.needs.budget, "30万");
    }
}
