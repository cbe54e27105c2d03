//! Demo data: about 200 made-up customers (70% Chinese, 30% English) so a newcomer sees the
//! product working, with their follow-ups (`followups`) and their opportunities, deals and
//! after-sales service records (`records`). Deterministic (a fixed-seed LCG, no `rand`), so
//! tests and screenshots are stable; dates are relative to the `today` passed in. Bilingual
//! tables are indexed by language `l`: 0 = 中文, 1 = English.
use crate::model::{
    Category, Contact, CustomField, CustomValue, CustomerFields, CustomerInput, CustomerKind,
    Needs, Priority, Stage, DEFAULT_SOURCES,
};
use chrono::{Datelike, Days, NaiveDate};
use tables::*;

/// Name and address tables, laid out by hand (rustfmt would put one entry per line).
mod tables;

mod followups;
pub use followups::demo_follow_ups;

/// Phrases of the demo's opportunities, deals and service records.
mod record_tables;

mod products;
pub use products::demo_products;
mod records;
pub use records::{add_demo_records, demo_records, DemoRecords};

mod history;
pub use history::{demo_stage_history, DemoChange};

/// Knuth's MMIX linear congruential generator: small, fast, and the same everywhere.
struct Lcg(u64);

impl Lcg {
    /// 0..n (0 when n is 0), from the high bits, which are the random ones in an LCG.
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005);
        self.0 = self.0.wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
    fn pct(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// About 200 demo customers; the same `today` always gives the same book.
pub fn demo_customers(today: NaiveDate) -> Vec<CustomerInput> {
    let mut g = Gen {
        rng: Lcg(SEED),
        today,
    };
    let mut counters = [0usize; 4];
    (0..COUNT)
        .map(|n| {
            // Per 20: 11 Chinese companies, 3 Chinese persons, 4 English companies, 2 English persons.
            let (l, company) = (usize::from(n % 10 >= 7), n % 4 != 3);
            let k = counters[l * 2 + usize::from(company)];
            counters[l * 2 + usize::from(company)] += 1;
            g.customer(k, l, company)
        })
        .collect()
}

/// Display name and e-mail local part ("wei.zhang", "sarah.johnson") of name number `i`.
fn name(l: usize, i: usize) -> (String, String) {
    let (family, given) = (FAMILY[l][i % FAMILY[l].len()], GIVEN[l][i % GIVEN[l].len()]);
    let shown = [
        format!("{}{}", family.0, given.0),
        format!("{} {}", given.0, family.0),
    ];
    (shown[l].clone(), format!("{}.{}", given.1, family.1))
}

struct Gen {
    rng: Lcg,
    today: NaiveDate,
}

impl Gen {
    /// Customer number `k` of its language and kind.
    fn customer(&mut self, k: usize, l: usize, company: bool) -> CustomerInput {
        let (mut f, region) = if company {
            self.company(k, l)
        } else {
            self.person(k, l)
        };
        let age = self.rng.range(3, 729);
        f.first_contact_date = self.today.checked_sub_days(Days::new(age));
        f.owner = self.rng.pick(OWNER_POOL[l]).into();
        let other = self.rng.pick(&OWNERS);
        // Usually the owner made the first contact.
        f.first_contact_by = [other, &f.owner][usize::from(self.rng.pct(80))].into();
        f.source = self.rng.pick(&DEFAULT_SOURCES).into();
        self.pipeline(&mut f, l);
        if self.rng.pct(35) {
            f.notes = self.rng.pick(&NOTES[l]).into();
        }
        if company {
            f.custom_fields = self.custom_fields();
        }
        let tags = self.tags(&f, l, age, region);
        CustomerInput { fields: f, tags }
    }

    fn company(&mut self, k: usize, l: usize) -> (CustomerFields, &'static str) {
        let (label, word, slug, business) = INDUSTRIES[l][k % 8];
        let (brand, brand_slug) = BRANDS[l][k % BRANDS[l].len()];
        let (place, head, tail, office, tld, region) = CITIES[l][k % CITIES[l].len()];
        let size = self.rng.below(6) as usize;
        let domain = format!("{brand_slug}{}{slug}.{tld}", ["-", ""][l]);
        let legal = ["有限公司", "股份有限公司"][usize::from(size >= 4)];
        let name = [
            format!("{place}{brand}{word}{legal}"),
            format!("{brand} {word} {place}"),
        ];
        let mut phones = vec![self.digits(office)];
        if self.rng.pct(35) {
            let (second, ext) = (self.digits(office), self.rng.range(800, 899));
            phones.push(format!("{second}{}{ext}", [" 转 ", " ext. "][l]));
        }
        let mailbox = self.rng.pick(&["sales", "info", "contact"]);
        let wechat = format!("{brand_slug}{slug}");
        let n = self.rng.range(1, 3) as usize;
        let contacts = (0..n)
            .map(|i| self.contact(l, i, &domain, office))
            .collect();
        let fields = CustomerFields {
            kind: CustomerKind::Company,
            name: name[l].clone(),
            company: name[l].clone(),
            phones,
            emails: vec![format!("{mailbox}@{domain}")],
            wechat_ids: if l == 0 { vec![wechat] } else { vec![] },
            address: format!("{head}{}{tail}", self.rng.range(1, 999)),
            industry: label.into(),
            company_size: SIZES[l][size].into(),
            website: format!("https://www.{domain}"),
            main_business: business.into(),
            contacts,
            ..Default::default()
        };
        (fields, region)
    }

    /// Key contact `i`: 0 decides, 1 influences, 2 uses.
    fn contact(&mut self, l: usize, i: usize, domain: &str, office: &str) -> Contact {
        let (name, local) = name(l, self.rng.below(500) as usize);
        let phone = [self.rng.pick(&MOBILES), office][l];
        Contact {
            name,
            title: self.rng.pick(&TITLES[l][i]).into(),
            phone: self.digits(phone),
            email: format!("{local}@{domain}"),
            birthday: self.birthday().filter(|_| self.rng.pct(30)),
            role: ROLES.get(i).copied(),
        }
    }

    fn person(&mut self, k: usize, l: usize) -> (CustomerFields, &'static str) {
        let (name, local) = name(l, k);
        let (position, shop, industry) = self.rng.pick(&PERSONS[l]);
        let (_, head, tail, office, _, region) = CITIES[l][(k * 5) % CITIES[l].len()];
        let family = FAMILY[l][k % FAMILY[l].len()].0;
        let company = [format!("{family}氏{shop}"), format!("{family}'s {shop}")];
        let nn = self.rng.range(10, 99);
        let wechat = format!("{}{nn}", local.replace('.', "_"));
        let phone = [self.rng.pick(&MOBILES), office][l];
        let mut phones = vec![self.digits(phone)];
        if l == 0 && self.rng.pct(30) {
            let mobile = self.rng.pick(&MOBILES);
            phones.push(self.digits(mobile));
        }
        let fields = CustomerFields {
            kind: CustomerKind::Person,
            name,
            company: if shop.is_empty() {
                String::new()
            } else {
                company[l].clone()
            },
            position: position.into(),
            industry: industry.into(),
            phones,
            emails: vec![format!("{local}{nn}@{}", self.rng.pick(MAILS[l]))],
            wechat_ids: if l == 0 { vec![wechat] } else { vec![] },
            address: format!("{head}{}{tail}", self.rng.range(1, 300)),
            birthday: self.birthday().filter(|_| self.rng.pct(60)),
            ..Default::default()
        };
        (fields, region)
    }

    /// Stage, category, priority and what follows from them.
    fn pipeline(&mut self, f: &mut CustomerFields, l: usize) {
        f.stage = match self.rng.below(100) {
            0..=21 => Stage::InitialContact,
            22..=39 => Stage::NeedsConfirmed,
            40..=54 => Stage::Proposal,
            55..=67 => Stage::Negotiation,
            68..=87 => Stage::Won,
            _ => Stage::Lost,
        };
        let category = self.rng.pick(&CATEGORIES);
        f.category = match f.stage {
            _ if self.rng.pct(10) => None,
            Stage::Negotiation if self.rng.pct(60) => Some(Category::ReadyToBuy),
            _ => Some(category),
        };
        f.priority = match f.stage {
            Stage::Negotiation | Stage::Proposal if self.rng.pct(50) => Priority::High,
            Stage::Lost => Priority::Low,
            _ => self.rng.pick(&PRIORITIES),
        };
        if f.stage == Stage::Lost {
            f.lost_reason = self.rng.pick(&LOST[l]).into();
        }
        if f.stage == Stage::Won {
            // Three in ten renew within 30 days.
            let (lo, hi) = [(31, 540), (1, 30)][usize::from(self.rng.pct(30))];
            f.contract_expiry = self
                .today
                .checked_add_days(Days::new(self.rng.range(lo, hi)));
        }
        if f.stage == Stage::InitialContact && self.rng.pct(50) {
            return; // Needs not known yet.
        }
        let open = !matches!(f.stage, Stage::Won | Stage::Lost);
        let (needs, budgets) = [(8, 6), (4, 3)][usize::from(f.kind == CustomerKind::Person)];
        let deadline = Days::new(self.rng.range(7, 150));
        f.needs = Needs {
            core_need: self.rng.pick(&NEEDS[l][..needs]).into(),
            budget: self.rng.pick(&BUDGETS[l][..budgets]).into(),
            decision_chain: self.chain(&f.contacts, l),
            deadline: self.today.checked_add_days(deadline).filter(|_| open),
        };
    }

    /// "王芳（IT主管） → 张伟（总经理）拍板": from the users up to the decision maker.
    fn chain(&mut self, contacts: &[Contact], l: usize) -> String {
        if contacts.is_empty() {
            return self.rng.pick(&SELF_CHAIN[l]).into();
        }
        let (open, close) = [("（", "）"), (" (", ")")][l];
        let steps: Vec<String> = contacts
            .iter()
            .rev()
            .map(|c| format!("{}{open}{}{close}", c.name, c.title))
            .collect();
        format!("{}{}", steps.join(" → "), ["拍板", " signs off"][l])
    }

    /// A few of the user-defined fields a small business adds (the same names for everyone).
    fn custom_fields(&mut self) -> Vec<CustomField> {
        let cert = CustomValue::Text(self.rng.pick(&CERTS).into());
        let spend = CustomValue::Number((self.rng.range(5, 300) * 10_000) as f64);
        let mut all = vec![("行业认证", cert, 30), ("年采购额", spend, 40)];
        let ago = Days::new(self.rng.range(10, 400));
        if let Some(d) = self.today.checked_sub_days(ago) {
            all.push(("上次展会", CustomValue::Date(d), 25));
        }
        all.into_iter()
            .filter(|(_, _, pct)| self.rng.pct(*pct))
            .map(|(name, value, _)| CustomField {
                name: name.into(),
                value,
            })
            .collect()
    }

    /// One to four tags that follow from the record.
    fn tags(&mut self, f: &CustomerFields, l: usize, age: u64, region: &str) -> Vec<String> {
        let mut t: Vec<&str> = Vec::new();
        if f.stage == Stage::Won && f.priority == Priority::High {
            t.push(["VIP", "Key account"][l]);
        }
        if f.priority == Priority::High && f.stage != Stage::Lost {
            t.push("重点客户");
        }
        if !region.is_empty() {
            t.push(region);
        }
        match f.source.as_str() {
            "客户转介绍" => t.push("转介绍"),
            "行业展会" => t.push("展会2026"),
            _ => {}
        }
        if f.stage == Stage::Won && self.rng.pct(35) {
            t.push("待回款");
        }
        if l == 1 && self.rng.pct(25) {
            t.push("Partner");
        }
        if age > 365 && f.stage == Stage::Won {
            t.push("老客户");
        } else if age < 120 || t.is_empty() {
            t.push("新客户");
        }
        t.truncate(4);
        t.into_iter().map(String::from).collect()
    }

    /// Replaces each `#` with a random digit: "138 #### ####" → "138 0013 8000".
    fn digits(&mut self, pattern: &str) -> String {
        let digit = |rng: &mut Lcg| char::from(b'0' + rng.below(10) as u8);
        pattern
            .chars()
            .map(|c| if c == '#' { digit(&mut self.rng) } else { c })
            .collect()
    }

    /// Born 1960–1995; one in five has a birthday within the next two weeks.
    fn birthday(&mut self) -> Option<NaiveDate> {
        let year = self.rng.range(1960, 1995) as i32;
        let ahead = Days::new(self.rng.range(0, 14));
        let soon = self.today.checked_add_days(ahead);
        let near = soon.and_then(|d| NaiveDate::from_ymd_opt(year, d.month(), d.day()));
        let (m, d) = (self.rng.range(1, 12) as u32, self.rng.range(1, 28) as u32);
        near.filter(|_| self.rng.pct(20))
            .or_else(|| NaiveDate::from_ymd_opt(year, m, d))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    #[test]
    fn demo_book_is_valid_varied_and_deterministic() {
        let all = demo_customers(today());
        assert!((180..=220).contains(&all.len()), "{} customers", all.len());
        assert_eq!(all, demo_customers(today()), "deterministic");
        for c in &all {
            let (f, checked) = (&c.fields, crate::validate::customer(c.clone()));
            assert!(checked.is_ok(), "{}: {checked:?}", f.name);
            assert!((1..=4).contains(&c.tags.len()), "{}: {:?}", f.name, c.tags);
            let lost = f.stage == Stage::Lost;
            assert_eq!(lost, !f.lost_reason.is_empty(), "{}", f.name);
            assert!(DEFAULT_SOURCES.contains(&f.source.as_str()));
        }
        let names: HashSet<_> = all.iter().map(|c| c.fields.name.as_str()).collect();
        assert_eq!(names.len(), all.len(), "names are unique");
        let stages: HashSet<_> = all.iter().map(|c| c.fields.stage).collect();
        assert_eq!(stages.len(), 6);
        let categories: HashSet<_> = all.iter().map(|c| c.fields.category).collect();
        assert_eq!(categories.len(), 5, "four categories and none");
        let english = all.iter().filter(|c| c.fields.name.is_ascii()).count();
        assert!(english >= 20, "{english} English names");
        let tags: HashSet<_> = all.iter().flat_map(|c| c.tags.iter()).collect();
        assert!(tags.len() >= 10, "{tags:?}");
    }

    #[test]
    fn dates_fit_today() {
        let t = today();
        let all = demo_customers(t);
        let month = t + Days::new(30);
        let expiring = all.iter().filter_map(|c| c.fields.contract_expiry);
        assert!(expiring.filter(|d| *d > t && *d <= month).count() > 0);
        for f in all.iter().map(|c| &c.fields) {
            let first = f.first_contact_date.unwrap();
            assert!(first < t && first >= t - Days::new(731), "{}", f.name);
            if !matches!(f.stage, Stage::Won | Stage::Lost) {
                assert!(f.needs.deadline.is_none_or(|d| d > t), "{}", f.name);
            }
            assert_eq!(f.contract_expiry.is_some(), f.stage == Stage::Won);
        }
    }
}
