#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Random sequences of follow-up and customer writes keep the follow-up indexes (on disk and
//! in memory) equal to a recomputation from the records; the agenda counts equal the open
//! follow-ups of live customers and the no-next-step rows' last contact their latest follow-up;
//! reminders never fire twice; random input never panics.
mod common;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use proptest::prelude::*;
use rapport_core::model::{AgendaQuery, FollowUpInput, ListQuery, Snooze};
use rapport_core::reminders::Engine;
use rapport_core::Store;

#[derive(Debug, Clone)]
enum Op {
    Customer,
    Log {
        who: u8,
        hours: i16,
        done: bool,
        back: u8,
    },
    /// Moves a follow-up to `back` hours before now (its last contact may move).
    Edit {
        which: u8,
        back: u8,
    },
    Complete {
        which: u8,
    },
    Snooze {
        which: u8,
        hours: i16,
    },
    Delete {
        which: u8,
    },
    Trash {
        who: u8,
    },
    Restore {
        who: u8,
    },
    Purge {
        who: u8,
    },
    Owner {
        who: u8,
        owner: u8,
    },
    Tick {
        hours: i16,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => Just(Op::Customer),
        4 => (any::<u8>(), -48i16..200, any::<bool>(), any::<u8>()).prop_map(|(who, hours, done, back)| Op::Log { who, hours, done, back }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(which, back)| Op::Edit { which, back }),
        1 => any::<u8>().prop_map(|which| Op::Complete { which }),
        1 => (any::<u8>(), 0i16..200).prop_map(|(which, hours)| Op::Snooze { which, hours }),
        1 => any::<u8>().prop_map(|which| Op::Delete { which }),
        1 => any::<u8>().prop_map(|who| Op::Trash { who }),
        1 => any::<u8>().prop_map(|who| Op::Restore { who }),
        1 => any::<u8>().prop_map(|who| Op::Purge { who }),
        1 => (any::<u8>(), 0u8..3).prop_map(|(who, owner)| Op::Owner { who, owner }),
        2 => (0i16..100).prop_map(|hours| Op::Tick { hours }),
    ]
}

fn pick<T: Clone>(xs: &[T], i: u8) -> Option<T> {
    (!xs.is_empty()).then(|| xs[i as usize % xs.len()].clone())
}

fn live_ids(store: &Store) -> Vec<String> {
    let q = ListQuery {
        limit: 1000,
        ..Default::default()
    };
    store
        .list_customers(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn all_follow_ups(store: &Store, ids: &[String]) -> Vec<String> {
    ids.iter()
        .flat_map(|c| store.follow_ups_of(c).unwrap())
        .map(|f| f.id)
        .collect()
}

struct World {
    store: Store,
    engine: Engine,
    now: DateTime<Utc>,
    all: Vec<String>,
    fired: std::collections::HashSet<String>,
}

impl World {
    fn apply(&mut self, op: &Op) {
        let s = &self.store;
        let live = live_ids(s);
        let now = self.now;
        let fus = all_follow_ups(s, &self.all);
        // Errors (not found, refused input) are allowed; panics and broken indexes are not.
        match op {
            Op::Customer => {
                let c = s.create_customer(customer("客户", &[]), now).unwrap();
                self.all.push(c.id);
            }
            Op::Log {
                who,
                hours,
                done,
                back,
            } => {
                if let Some(c) = pick(&live, *who) {
                    let input = FollowUpInput {
                        done: *done,
                        ..follow_up(
                            now - Duration::hours(i64::from(*back)),
                            Some(now + Duration::hours(*hours as i64)),
                        )
                    };
                    let _ = s.log_follow_up(&c, input, now, &chrono::Utc);
                }
            }
            Op::Edit { which, back } => {
                if let Some(f) = pick(&fus, *which) {
                    let at = now - Duration::hours(i64::from(*back));
                    let _ = s.update_follow_up(&f, follow_up(at, None), now, &chrono::Utc);
                }
            }
            Op::Complete { which } => {
                if let Some(f) = pick(&fus, *which) {
                    let _ = s.complete_follow_up(&f, now);
                }
            }
            Op::Snooze { which, hours } => {
                if let Some(f) = pick(&fus, *which) {
                    let until = Snooze::Until(now + Duration::hours(*hours as i64));
                    let _ = s.snooze_follow_up(&f, until, now, &Shanghai);
                }
            }
            Op::Delete { which } => {
                if let Some(f) = pick(&fus, *which) {
                    s.delete_follow_up(&f).unwrap();
                }
            }
            Op::Trash { who } => {
                if let Some(c) = pick(&self.all, *who) {
                    let _ = s.trash_customer(&c, now);
                }
            }
            Op::Restore { who } => {
                if let Some(c) = pick(&self.all, *who) {
                    let _ = s.restore_customer(&c, now);
                }
            }
            Op::Purge { who } => {
                if let Some(c) = pick(&self.all, *who) {
                    if s.purge_customer(&c).is_ok() {
                        self.all.retain(|x| *x != c);
                    }
                }
            }
            Op::Owner { who, owner } => {
                if let Some(c) = pick(&live, *who) {
                    let mut input = customer("客户", &[]);
                    input.fields.owner = ["", "李娜", "王强"][*owner as usize].into();
                    s.update_customer(&c, input, now).unwrap();
                }
            }
            Op::Tick { hours } => {
                self.now += Duration::hours(*hours as i64);
                let tick = self
                    .engine
                    .tick(&self.store, self.now, &Shanghai, Default::default())
                    .unwrap();
                for r in tick.fired {
                    assert!(self.fired.insert(r.key.clone()), "{} fired twice", r.key);
                }
                if let Some(next) = tick.next_wake {
                    assert!(next > self.now, "a wake-up in the past would spin");
                }
            }
        }
    }

    fn check(&self) {
        self.store.verify_indexes().unwrap();
        let live = live_ids(&self.store);
        // Each row's last contact is its latest follow-up's time, recomputed.
        let rows = self
            .store
            .list_customers(&ListQuery {
                limit: 1000,
                ..Default::default()
            })
            .unwrap()
            .rows;
        for row in rows {
            let latest = self
                .store
                .follow_ups_of(&row.id)
                .unwrap()
                .iter()
                .map(|f| f.at)
                .max();
            assert_eq!(row.last_contact, latest, "{}", row.name);
        }
        let open = live
            .iter()
            .flat_map(|c| self.store.follow_ups_of(c).unwrap())
            .filter(|f| f.due().is_some())
            .count() as u32;
        let a = self
            .store
            .agenda(&AgendaQuery::default(), self.now, &Shanghai)
            .unwrap();
        assert_eq!(
            a.overdue.total + a.today.total + a.next7_days.total + a.later.total,
            open
        );
        // Each "no next step" row's last contact is its latest follow-up, deleted ones gone.
        for row in &a.no_next_step {
            let fus = self.store.follow_ups_of(&row.customer_id).unwrap();
            let last = fus.iter().map(|f| f.at).max();
            assert_eq!(
                row.last_contact, last,
                "last contact of {}",
                row.customer_name
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_follow_up_writes_keep_indexes_agenda_and_reminders_right(
        ops in prop::collection::vec(op(), 1..40)
    ) {
        let (_d, store) = open_temp();
        let mut world = World {
            store,
            engine: Engine::new(),
            now: t(1),
            all: Vec::new(),
            fired: Default::default(),
        };
        for op in &ops {
            world.apply(op);
        }
        world.check();
    }

    #[test]
    fn random_follow_up_input_is_an_error_or_a_record_never_a_panic(
        method in ".{0,12}", priority in ".{0,8}", content in ".{0,40}",
        at in any::<i64>(), next in proptest::option::of(any::<i64>()), done in any::<bool>(),
        contact in ".{0,6}",
    ) {
        let (_d, store) = open_temp();
        let c = store.create_customer(company_with_contacts("A"), t(1)).unwrap();
        let time = |s: i64| DateTime::from_timestamp(s % 8_000_000_000, 0).unwrap_or_default();
        let input = FollowUpInput {
            at: time(at),
            method,
            priority,
            content,
            next_at: next.map(time),
            done,
            contact,
            ..FollowUpInput::default()
        };
        if store.log_follow_up(&c.id, input, t(1), &chrono::Utc).is_ok() {
            prop_assert_eq!(store.follow_ups_of(&c.id).unwrap().len(), 1);
        } else {
            prop_assert!(store.follow_ups_of(&c.id).unwrap().is_empty());
        }
    }
}
