//! Headless desktops for the sync engine's tests: a sled team book each, an engine on demand.
use super::TestCluster;
use chrono::Utc;
use rapport_core::model::{Customer, CustomerFields, CustomerInput};
use rapport_core::Store;
use rapport_sync::{NewPerson, Role, SyncEngine, SyncOptions};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Short back-off, so a test waits little for a restarted server.
pub fn options() -> SyncOptions {
    SyncOptions {
        backoff_min: Duration::from_millis(100),
        backoff_max: Duration::from_secs(1),
        ..SyncOptions::default()
    }
}

/// A team book with two managers (both see every customer).
pub async fn team() -> Option<(TestCluster, NewPerson, NewPerson)> {
    let cluster = TestCluster::start()?;
    let mut boss = cluster.empty_team_db().await;
    boss.install("老板 Boss").await.unwrap();
    let a = boss.add_person("安 Ann", Role::Manager).await.unwrap();
    let b = boss.add_person("Bob", Role::Manager).await.unwrap();
    Some((cluster, a, b))
}

/// One headless desktop: its team book and its engine.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub store: Arc<Store>,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path()).unwrap());
        store.set_team_book(true).unwrap();
        Desk { dir, store }
    }

    /// A personal book (not part of a team yet).
    pub fn personal() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path()).unwrap());
        Desk { dir, store }
    }

    pub fn engine(&self, cluster: &TestCluster, p: &NewPerson) -> SyncEngine {
        self.engine_as(cluster, &p.login, &p.password)
    }

    /// An engine logged in as `user` (the team book's installer has no `NewPerson`).
    pub fn engine_as(&self, cluster: &TestCluster, user: &str, password: &str) -> SyncEngine {
        SyncEngine::with_options(
            self.store.clone(),
            cluster.config(user, password),
            options(),
        )
    }

    pub fn add(&self, name: &str) -> String {
        let input = CustomerInput {
            fields: CustomerFields {
                name: name.into(),
                ..Default::default()
            },
            tags: vec![],
        };
        self.store.create_customer(input, Utc::now()).unwrap().id
    }

    /// The ids of the book's customers (not in the trash).
    pub fn ids(&self) -> Vec<String> {
        let all = self.store.live_customers().unwrap();
        all.into_iter().map(|c| c.id).collect()
    }

    pub fn get(&self, id: &str) -> Customer {
        self.store.get_customer(id).unwrap()
    }

    /// Edits a customer's fields; its tags stay.
    pub fn edit(&self, id: &str, f: impl FnOnce(&mut CustomerFields)) {
        let mut fields = self.get(id).fields;
        f(&mut fields);
        let tags = self.tags(id);
        let input = CustomerInput { fields, tags };
        self.store.update_customer(id, input, Utc::now()).unwrap();
    }

    /// The names of a customer's tags, sorted.
    pub fn tags(&self, id: &str) -> Vec<String> {
        let ids = self.get(id).tag_ids;
        let mut names: Vec<String> = self
            .store
            .list_tags()
            .unwrap()
            .into_iter()
            .filter(|t| ids.contains(&t.tag.id))
            .map(|t| t.tag.name)
            .collect();
        names.sort();
        names
    }

    /// Gives a customer exactly these tags (by name; new names become tags).
    pub fn set_tags(&self, id: &str, tags: &[&str]) {
        let input = CustomerInput {
            fields: self.get(id).fields,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        };
        self.store.update_customer(id, input, Utc::now()).unwrap();
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().to_owned()
    }
}

/// Both books hold the same customers, with the same fields, and their indexes are right.
pub fn assert_converged(a: &Desk, b: &Desk, ids: &[String]) {
    for id in ids {
        let (x, y) = (a.get(id), b.get(id));
        assert_eq!(x.fields, y.fields, "customer {id}");
        assert_eq!(x.deleted_at.is_some(), y.deleted_at.is_some(), "trash {id}");
    }
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}

pub async fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}
