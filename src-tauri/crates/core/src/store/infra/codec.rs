//! Values are JSON: readable when debugging and tolerant of added fields across versions.
use crate::error::{CoreError, Result};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| CoreError::Storage(format!("encoding: {e}")))
}

/// A customer as stored: JSON without its empty fields ("" , [], null, and `needs` or a
/// contact left empty), about 40% smaller for a typical record, so imports write and reads
/// parse less. Every field reads back as its default when absent (`#[serde(default)]` on the
/// field structs), so `decode` gives the same `Customer`. Custom fields are kept whole: a
/// text value may be empty. See `sparse_json`.
pub fn encode_customer(c: &crate::model::Customer) -> Result<Vec<u8>> {
    let full = encode(c)?;
    Ok(super::sparse_json::strip_empty(&full, &[b"customFields"]).unwrap_or(full))
}

/// A value may borrow its texts from `bytes` (a `Cow<str>` field with `#[serde(borrow)]`).
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| CoreError::Corrupt(format!("decoding: {e}")))
}

/// The JSON record under `id` in a tree, inside a write transaction.
pub fn tx_get<T: DeserializeOwned>(
    tree: &sled::transaction::TransactionalTree,
    id: ulid::Ulid,
) -> sled::transaction::ConflictableTransactionResult<Option<T>, CoreError> {
    match tree.get(super::keys::id_bytes(id))? {
        None => Ok(None),
        Some(v) => decode(&v)
            .map(Some)
            .map_err(sled::transaction::ConflictableTransactionError::Abort),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Contact, CustomField, CustomValue, Customer, CustomerFields, Needs};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn customer(fields: CustomerFields, tag_ids: Vec<String>) -> Customer {
        let at = Utc.with_ymd_and_hms(2026, 11, 5, 2, 0, 0).unwrap();
        Customer {
            id: "01M85H0FHDR4HKGHYNAA7NERFQ".into(),
            fields,
            tag_ids,
            created_at: at,
            updated_at: at,
            deleted_at: None,
        }
    }

    #[test]
    fn a_customer_reads_back_the_same_without_its_empty_fields() {
        let sparse = customer(
            CustomerFields {
                name: "王伟".into(),
                phones: vec!["13000000000".into()],
                // An empty contact stays a contact; an empty text custom value stays.
                contacts: vec![
                    Contact::default(),
                    Contact {
                        name: "李娜".into(),
                        ..Contact::default()
                    },
                ],
                custom_fields: vec![CustomField {
                    name: "备注2".into(),
                    value: CustomValue::Text(String::new()),
                }],
                ..CustomerFields::default()
            },
            Vec::new(),
        );
        let full = customer(
            CustomerFields {
                name: "王伟".into(),
                company: "杭州云栖科技有限公司".into(),
                needs: Needs {
                    budget: "15万".into(),
                    deadline: NaiveDate::from_ymd_opt(2026, 12, 1),
                    ..Needs::default()
                },
                birthday: NaiveDate::from_ymd_opt(1980, 5, 1),
                ..CustomerFields::default()
            },
            vec!["01M85H0FHCN8E76EHP681FECQA".into()],
        );
        for c in [sparse.clone(), full] {
            let stored = encode_customer(&c).unwrap();
            assert_eq!(decode::<Customer>(&stored).unwrap(), c);
            // What older versions wrote (every field) reads the same.
            assert_eq!(decode::<Customer>(&encode(&c).unwrap()).unwrap(), c);
        }
        let stored = String::from_utf8(encode_customer(&sparse).unwrap()).unwrap();
        for gone in [
            "company",
            "needs",
            "tagIds",
            "deletedAt",
            "birthday",
            "role",
        ] {
            let key = format!("\"{gone}\":");
            assert!(!stored.contains(&key), "{gone} in {stored}");
        }
        assert!(
            stored.contains(r#""contacts":[{},{"name":"李娜"}]"#),
            "{stored}"
        );
        assert!(stored.contains(r#""value":"""#), "{stored}");
        assert!(stored.len() * 2 < encode(&sparse).unwrap().len());
    }
}
