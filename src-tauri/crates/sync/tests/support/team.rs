//! The sales team most team tests start from: a throwaway server with the schema installed by
//! the admin (老板 Boss), a manager (经理 Mia) and two salespeople (安 Ann, Bob), each with a
//! login of their own.
use super::TestCluster;
use rapport_sync::{NewPerson, Role, Server};

pub struct Team {
    pub cluster: TestCluster,
    pub manager: NewPerson,
    pub ann: NewPerson,
    pub bob: NewPerson,
}

/// The team on a fresh server; `None` where PostgreSQL is not installed (the test is skipped).
pub async fn sales_team() -> Option<Team> {
    let cluster = TestCluster::start()?;
    let mut boss = cluster.empty_team_db().await;
    boss.install("老板 Boss").await.unwrap();
    let manager = boss.add_person("经理 Mia", Role::Manager).await.unwrap();
    let ann = boss.add_person("安 Ann", Role::Salesperson).await.unwrap();
    let bob = boss.add_person("Bob", Role::Salesperson).await.unwrap();
    Some(Team {
        cluster,
        manager,
        ann,
        bob,
    })
}

/// A connection logged in as `p`, as their desktop would be.
pub async fn login(t: &Team, p: &NewPerson) -> Server {
    Server::connect(&t.cluster.config(&p.login, &p.password))
        .await
        .unwrap()
}
