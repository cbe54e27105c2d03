//! The shared pool (公海) on the server (sql/0010_pool.sql): claiming from it, who I am in the
//! team, and the manager's rule returning idle customers to it. The server decides each of
//! these (row-level security and the SQL functions); the app only asks.
use crate::error::{Result, SyncError};
use crate::people::Role;
use crate::server::Server;
use ulid::Ulid;

/// The person a login is in the team: their id in `rapport.people`, name and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
}

impl Role {
    /// The role as `rapport.people` spells it.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "salesperson" => Some(Role::Salesperson),
            "manager" => Some(Role::Manager),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl Server {
    /// Who this login is in the team (`None` for a login that is not one of its people).
    pub async fn whoami(&self) -> Result<Option<Person>> {
        let row = self
            .client
            .query_opt(
                "select id, name, role from rapport.people where id = rapport.me()",
                &[],
            )
            .await
            .map_err(SyncError::from_query)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let role: String = row.get(2);
        Ok(Some(Person {
            id: row.get(0),
            name: row.get(1),
            role: Role::parse(&role).ok_or_else(|| SyncError::InvalidOp {
                message: format!("unknown role {role}"),
            })?,
        }))
    }

    /// Takes `customer` from the pool as this person's own, in one server transaction that
    /// locks the row first: of two people claiming at once exactly one gets it, the other
    /// `NotInPool` (so does a customer someone else holds). Returns the commit.
    pub async fn claim(&self, customer: &str) -> Result<Option<i64>> {
        let op_id = Ulid::new().to_string();
        let row = self
            .client
            .query_one("select rapport.claim($1, $2)", &[&customer, &op_id])
            .await
            .map_err(SyncError::from_query)?;
        Ok(row.get(0))
    }

    /// The pool rule: days without a follow-up after which a customer returns to the pool
    /// (`None`: never, the default).
    pub async fn pool_return_days(&self) -> Result<Option<i32>> {
        let row = self
            .client
            .query_one("select return_after_days from rapport.pool_rule", &[])
            .await
            .map_err(SyncError::from_query)?;
        Ok(row.get(0))
    }

    /// Sets the pool rule (managers and admins; the server refuses anyone else's): `None`
    /// turns it off, otherwise 1 to 3,650 days.
    pub async fn set_pool_return_days(&self, days: Option<i32>) -> Result<()> {
        if days.is_some_and(|d| !(1..=3650).contains(&d)) {
            return Err(SyncError::InvalidOp {
                message: "days must be between 1 and 3650".to_owned(),
            });
        }
        let n = self
            .client
            .execute(
                "update rapport.pool_rule set return_after_days = $1, set_by = session_user, \
                 set_at = now()",
                &[&days],
            )
            .await
            .map_err(SyncError::from_query)?;
        if n == 0 {
            // RLS hides the row from an UPDATE it does not allow: nothing changed.
            return Err(SyncError::NotAllowed {
                zh: "只有经理和管理员可以设置公海规则".to_owned(),
                en: "only a manager or an admin sets the pool rule".to_owned(),
            });
        }
        Ok(())
    }

    /// Returns the customers idle past the pool rule to the pool (managers and admins; a
    /// salesperson's call is refused); how many went.
    pub async fn return_idle_to_pool(&self) -> Result<i32> {
        let row = self
            .client
            .query_one("select rapport.return_idle_to_pool()", &[])
            .await
            .map_err(SyncError::from_query)?;
        Ok(row.get(0))
    }
}
