//! Settings saved from a form opened before the book's settings changed under it (in a team
//! book: a shared setting the admin changed, pulled while the page was open) write only what
//! the form changed: a three-way merge of the settings as stored, as the form opened them and
//! as the form saves them, on their JSON, field by field down into nested groups.
use crate::error::{CoreError, Result};
use crate::model::Settings;
use serde_json::Value;

/// `edited` applied to `stored` as a change from `opened`: a field the form left as it opened
/// it keeps the stored value, one it changed takes the form's.
pub(in crate::store) fn merge(
    stored: &Settings,
    opened: &Settings,
    edited: Settings,
) -> Result<Settings> {
    let json = |s: &Settings| {
        serde_json::to_value(s).map_err(|e| CoreError::Storage(format!("encoding settings: {e}")))
    };
    let merged = three_way(json(stored)?, &json(opened)?, json(&edited)?);
    serde_json::from_value(merged).map_err(|e| CoreError::Storage(format!("merging settings: {e}")))
}

/// Objects merge key by key; anything else (a list, a number, a text) is taken whole from
/// `edited` when it differs from `opened`.
fn three_way(stored: Value, opened: &Value, edited: Value) -> Value {
    if edited == *opened {
        return stored;
    }
    match (stored, opened, edited) {
        (Value::Object(mut s), Value::Object(o), Value::Object(e)) => {
            for (key, value) in e {
                let before = o.get(&key).unwrap_or(&Value::Null);
                let now = s.remove(&key).unwrap_or(Value::Null);
                s.insert(key, three_way(now, before, value));
            }
            Value::Object(s)
        }
        (_, _, edited) => edited,
    }
}

#[cfg(test)]
mod tests {
    use super::three_way;
    use serde_json::json;

    #[test]
    fn only_what_the_form_changed_is_written() {
        let opened = json!({"language": "zh", "sources": ["展会"], "schedule": {"highDays": 3, "reminderTime": "09:00"}});
        let stored = json!({"language": "zh", "sources": ["展会", "转介绍"], "schedule": {"highDays": 2, "reminderTime": "09:00"}});
        let edited = json!({"language": "en", "sources": ["展会"], "schedule": {"highDays": 3, "reminderTime": "08:30"}});
        assert_eq!(
            three_way(stored, &opened, edited),
            json!({"language": "en", "sources": ["展会", "转介绍"], "schedule": {"highDays": 2, "reminderTime": "08:30"}})
        );
    }

    #[test]
    fn a_list_the_form_changed_is_taken_whole() {
        let opened = json!({"sources": ["展会"]});
        let stored = json!({"sources": ["展会", "转介绍"]});
        let edited = json!({"sources": ["展会", "官网"]});
        assert_eq!(
            three_way(stored, &opened, edited),
            json!({"sources": ["展会", "官网"]})
        );
    }
}
