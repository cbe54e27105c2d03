//! Validating a row's draft as the app validates a form, and naming the sheet column behind
//! a refused field.
use super::report::Located;
use super::row::Draft;
use super::{as_customer, fields};
use crate::error::CoreError;
use crate::import::headers::Target;
use crate::model::{Customer, CustomerInput, FollowUpInput};
use crate::validate;

impl Draft<'_> {
    /// A row with a follow-up but nothing saying whose: it continues the customer above.
    pub(super) fn is_anonymous(&self) -> bool {
        let f = &self.input.fields;
        self.follow_up.is_some() && f.name.is_empty() && f.phones.is_empty() && f.emails.is_empty()
    }

    /// The validated customer and follow-up, or the first problem of each.
    pub(super) fn validate(self) -> Result<(CustomerInput, Option<FollowUpInput>), Vec<Located>> {
        let owner = as_customer(&self.input, self.now);
        let customer = validate::customer(self.input.clone()).map_err(|e| self.locate_customer(e));
        let follow_up = self.validate_follow_up(&owner);
        match (customer, follow_up) {
            (Ok(c), Ok(f)) => Ok((c, f)),
            (c, f) => Err(c
                .err()
                .into_iter()
                .chain(f.err().into_iter().flatten())
                .collect()),
        }
    }

    /// The validated follow-up of the row (for `owner`), if it has one.
    pub(super) fn validate_follow_up(
        &self,
        owner: &Customer,
    ) -> Result<Option<FollowUpInput>, Vec<Located>> {
        let input = match &self.follow_up {
            None => return Ok(None),
            Some(Err(reason)) => {
                let error = CoreError::invalid("at", reason.clone());
                return Err(vec![self.locate_follow_up(error)]);
            }
            Some(Ok(input)) => input.clone(),
        };
        validate::follow_up(validate::with_customer_priority(input, owner), owner)
            .map(|v| Some(v.input))
            .map_err(|e| vec![self.locate_follow_up(e)])
    }

    fn locate_customer(&self, error: CoreError) -> Located {
        let field = error.field().unwrap_or_default();
        let custom = &self.input.fields.custom_fields;
        let target = fields::customer_target(&field, &self.name_from, custom);
        self.locate(target, error)
    }

    fn locate_follow_up(&self, error: CoreError) -> Located {
        let target = fields::follow_up_target(&error.field().unwrap_or_default());
        self.locate(target, error)
    }

    fn locate(&self, target: Option<Target>, error: CoreError) -> Located {
        Located {
            column: target.and_then(|t| self.columns.iter().position(|c| *c == t)),
            problem: error.into(),
        }
    }
}
