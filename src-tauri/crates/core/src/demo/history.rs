//! The demo customers' way to their stage: each customer past 初步接触 climbed the ladder one
//! rung after each logged conversation (several rungs after the last one if it had fewer
//! conversations than rungs), and a lost customer reached a rung or two before it was lost. So
//! the timelines show the climb and the dashboard's conversions and follow-up success have
//! data. Deterministic like the rest of the demo.
use super::Lcg;
use crate::model::{Customer, FollowUp, HistoryChange, Stage};
use crate::stages::Pipeline;
use chrono::{DateTime, Duration, Utc};

/// One recorded stage change of a demo customer: after its conversation `follow_up_id`.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoChange {
    pub customer_id: String,
    pub at: DateTime<Utc>,
    pub change: HistoryChange,
    pub follow_up_id: String,
    /// Who moved it: the customer's owner.
    pub by: String,
}

/// The stage changes of the saved demo `customers`, placed after their logged (done)
/// `follow_ups`, oldest first per customer.
pub fn demo_stage_history(
    customers: &[Customer],
    follow_ups: &[FollowUp],
    pipeline: &Pipeline,
) -> Vec<DemoChange> {
    let mut rng = Lcg(0x5eed_57a9_e001);
    let ladder = pipeline.ladder();
    let mut out = Vec::new();
    for c in customers {
        let mut talks: Vec<&FollowUp> = follow_ups
            .iter()
            .filter(|f| f.customer_id == c.id && f.done)
            .collect();
        talks.sort_by_key(|f| f.at);
        let path = path_to(c.fields.stage, &ladder, &mut rng);
        let Some(last) = talks.last() else { continue };
        for (i, step) in path.windows(2).enumerate() {
            let talk = talks.get(i).unwrap_or(last);
            out.push(DemoChange {
                customer_id: c.id.clone(),
                at: talk.at + Duration::hours(2 + i as i64),
                change: HistoryChange::Stage {
                    from: step[0],
                    to: step[1],
                },
                follow_up_id: talk.id.clone(),
                by: c.fields.owner.clone(),
            });
        }
    }
    out
}

/// The stages from the ladder's foot to `stage`; for 流失, up to one of the first three
/// rungs and then out.
fn path_to(stage: Stage, ladder: &[Stage], rng: &mut Lcg) -> Vec<Stage> {
    let top = match stage {
        Stage::Lost => rng.below(3) as usize,
        s => ladder.iter().position(|l| *l == s).unwrap_or(0),
    };
    let mut path: Vec<Stage> = ladder.iter().take(top + 1).copied().collect();
    if stage == Stage::Lost {
        path.push(Stage::Lost);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_climbs_one_rung_at_a_time_to_the_stage() {
        let ladder = Pipeline::default().ladder();
        let mut rng = Lcg(1);
        assert_eq!(
            path_to(Stage::Proposal, &ladder, &mut rng),
            [
                Stage::InitialContact,
                Stage::NeedsConfirmed,
                Stage::Proposal
            ]
        );
        assert_eq!(path_to(Stage::InitialContact, &ladder, &mut rng).len(), 1);
        let lost = path_to(Stage::Lost, &ladder, &mut rng);
        assert_eq!(lost.first(), Some(&Stage::InitialContact));
        assert_eq!(lost.last(), Some(&Stage::Lost));
        assert!(lost.len() <= 4);
    }
}
