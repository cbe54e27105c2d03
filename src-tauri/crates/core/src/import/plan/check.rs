//! Validating a row's draft as the app validates a form, and naming the sheet column behind
//! a refused field.
use super::report::{Located, RowProblem};
use super::row::Draft;
use super::{as_customer, fields};
use crate::error::{CoreError, Invalid};
use crate::import::headers::Target;
use crate::model::{Customer, CustomerInput, FollowUpInput};
use crate::validate;

impl Draft<'_> {
    /// A row with a follow-up but nothing saying whose: it continues the customer above.
    pub(super) fn is_anonymous(&self) -> bool {
        let f = &self.input.fields;
        (self.follow_up.is_some() || !self.records.is_empty())
            && f.name.is_empty()
            && f.phones.is_empty()
            && f.emails.is_empty()
    }

    /// The validated customer, or its first problem.
    pub(super) fn validate_customer(&self) -> Result<CustomerInput, Located> {
        validate::customer(self.input.clone()).map_err(|e| self.locate_customer(e))
    }

    /// The row's customer as stored, for validating its follow-up.
    pub(super) fn owner(&self, input: &CustomerInput) -> Customer {
        as_customer(input, self.now)
    }

    /// The validated follow-up of the row (for `owner`), if it has one.
    pub(super) fn validate_follow_up(
        &self,
        owner: &Customer,
    ) -> Result<Option<FollowUpInput>, Located> {
        let Some(input) = &self.follow_up else {
            return Ok(None);
        };
        validate::follow_up(
            validate::with_customer_priority(input.clone(), owner),
            owner,
        )
        .map(|v| Some(v.input))
        .map_err(|e| self.locate_follow_up(e))
    }

    fn locate_customer(&self, error: CoreError) -> Located {
        let field = error.field().unwrap_or_default();
        let custom = &self.input.fields.custom_fields;
        let mut target = fields::customer_target(&field, &self.name_from, custom);
        // 流失 without a reason column: the stage cell is what cannot be taken as it is.
        let lost = matches!(
            &error,
            CoreError::InvalidField {
                reason: Invalid::LostReasonRequired,
                ..
            }
        );
        if lost && !self.columns.contains(&Target::LostReason) {
            target = Some(Target::Stage);
            let mut located = self.locate(target, error);
            located.problem = RowProblem::LostWithoutReason;
            return located;
        }
        self.locate(target, error)
    }

    fn locate_follow_up(&self, error: CoreError) -> Located {
        let target = fields::follow_up_target(&error.field().unwrap_or_default());
        self.locate(target, error)
    }

    fn locate(&self, target: Option<Target>, error: CoreError) -> Located {
        Located::new(
            target.and_then(|t| self.columns.iter().position(|c| *c == t)),
            error.into(),
        )
    }
}
