//! The team's people: each one a login role of their own, member of one group role.
use crate::error::{Result, SyncError};
use crate::server::Server;
use rand::Rng;
use ulid::Ulid;

/// A person's group, which decides what they see (row-level security on the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Own customers and the shared pool (公海).
    Salesperson,
    /// All of the team's customers; reassigns them.
    Manager,
    /// Everything, plus people, team settings and purge.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Salesperson => "salesperson",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }
}

/// What to hand the new person (once: the server keeps only a SCRAM verifier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub id: String,
    pub login: String,
    pub password: String,
}

/// Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";

impl Server {
    /// Adds a person (an admin's login only): a login role in `role`'s group with a generated
    /// password, and their row in `rapport.people`. Returns the login and the password.
    pub async fn add_person(&self, name: &str, role: Role) -> Result<NewPerson> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SyncError::InvalidOp {
                message: "a person needs a name".to_owned(),
            });
        }
        let id = Ulid::new().to_string();
        let mut rng = rand::rng();
        // rapport_ + 8 lowercase letters/digits: valid unquoted, unlikely to clash, typeable.
        let login: String = std::iter::once("rapport_".to_owned())
            .chain((0..8).map(|_| {
                let i = rng.random_range(0..LOGIN_ALPHABET.len());
                char::from(LOGIN_ALPHABET[i]).to_string()
            }))
            .collect();
        let password: String = (0..20)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        let secret = postgres_protocol::password::scram_sha_256(password.as_bytes());
        self.client
            .execute(
                "select rapport.add_person($1, $2, $3, $4, $5)",
                &[&id, &name, &role.as_str(), &login, &secret],
            )
            .await
            .map_err(SyncError::from_query)?;
        Ok(NewPerson {
            id,
            login,
            password,
        })
    }

    /// The id of the person logged in (`None` for a login that is not one of the team's).
    pub async fn me(&self) -> Result<Option<String>> {
        let row = self
            .client
            .query_one("select rapport.me()", &[])
            .await
            .map_err(SyncError::from_query)?;
        Ok(row.get(0))
    }
}

const LOGIN_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
