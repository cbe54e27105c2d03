//! One card's properties gathered into the table's columns.
use super::prop::Prop;
use crate::import::headers::join_names;
use crate::import::values::split_contacts;
use crate::validate::{is_email, MAX_NAME};
use chrono::{Datelike, NaiveDate};

/// What a card says, gathered property by property.
#[derive(Default)]
pub(super) struct Card {
    full_name: String,
    family: String,
    given: String,
    org: Vec<String>,
    title: String,
    role: String,
    phones: Vec<String>,
    emails: Vec<String>,
    wechat: Vec<String>,
    addresses: Vec<String>,
    labels: Vec<String>,
    website: String,
    birthday: String,
    tags: Vec<String>,
    contact: String,
    notes: Vec<String>,
    /// Notes made from values the book would refuse, after the card's own.
    extra: Vec<String>,
    kind: Option<&'static str>,
}

pub(super) fn first(slot: &mut String, value: String) {
    if slot.is_empty() && !value.is_empty() {
        *slot = value;
    }
}

impl Card {
    pub(super) fn add(&mut self, p: &Prop) {
        match p.name.as_str() {
            "FN" => first(&mut self.full_name, p.text()),
            "N" if self.family.is_empty() && self.given.is_empty() => {
                let c = p.components();
                self.family = c.first().cloned().unwrap_or_default();
                self.given = c.get(1).cloned().unwrap_or_default();
            }
            "ORG" if self.org.is_empty() => {
                self.org = p
                    .components()
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            "TITLE" => first(&mut self.title, p.text()),
            "ROLE" => first(&mut self.role, p.text()),
            "TEL" => self.phone(p.text()),
            "EMAIL" => self.email(p.text()),
            "IMPP" | "X-WECHAT" | "X-WEIXIN" => self.wechat(p),
            "ADR" => self.address(p),
            "LABEL" => push_text(&mut self.labels, p.text()),
            "URL" => self.url(p.text()),
            "BDAY" => self.birthday(p),
            "CATEGORIES" => {
                let tags = p.list().into_iter().filter(|t| !t.is_empty());
                self.tags.extend(tags);
            }
            "NOTE" => push_text(&mut self.notes, p.text()),
            "RELATED" => {
                let text = p.text();
                let uri = p
                    .param("VALUE")
                    .is_none_or(|v| v.eq_ignore_ascii_case("uri"))
                    && looks_like_uri(&text);
                let work = p.param("TYPE").is_none()
                    || ["contact", "co-worker", "colleague", "agent"]
                        .iter()
                        .any(|t| p.has_type(t));
                if !uri && work {
                    first(&mut self.contact, text);
                }
            }
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                self.kind = match p.text().to_ascii_lowercase().as_str() {
                    "individual" => Some("person"),
                    "org" | "group" => Some("company"),
                    _ => self.kind,
                }
            }
            "X-ABSHOWAS" if p.text().eq_ignore_ascii_case("COMPANY") => self.kind = Some("company"),
            _ => {}
        }
    }

    pub(super) fn phone(&mut self, text: String) {
        let text = text
            .strip_prefix("tel:")
            .or_else(|| text.strip_prefix("TEL:"))
            .unwrap_or(&text)
            .to_owned();
        // tel:+1-555-0100;ext=12 → +1-555-0100 ext. 12
        let text = match text.split_once(";ext=") {
            Some((number, ext)) => format!("{number} ext. {ext}"),
            None => text,
        };
        if text.is_empty() {
            return;
        }
        match split_contacts(&text) {
            Ok(cell) if cell.emails.is_empty() && !cell.phones.is_empty() => {
                if cell.phones.iter().all(|p| p.chars().count() <= 40) {
                    self.phones.extend(cell.phones);
                    return;
                }
                self.extra.push(format!("电话/Phone: {text}"));
            }
            _ => self.extra.push(format!("电话/Phone: {text}")),
        }
    }

    pub(super) fn email(&mut self, text: String) {
        let text = text
            .strip_prefix("mailto:")
            .unwrap_or(&text)
            .trim()
            .to_owned();
        if text.is_empty() {
            return;
        }
        if is_email(&text) && !self.emails.iter().any(|e| e.eq_ignore_ascii_case(&text)) {
            self.emails.push(text);
        } else if !is_email(&text) {
            self.extra.push(format!("邮箱/Email: {text}"));
        }
    }

    pub(super) fn wechat(&mut self, p: &Prop) {
        let text = p.text();
        let service = p.param("X-SERVICE-TYPE").unwrap_or("").to_ascii_lowercase();
        let (scheme, id) = match text.split_once(':') {
            Some((s, id)) => (s.to_ascii_lowercase(), id.trim_start_matches('/')),
            None => (String::new(), text.as_str()),
        };
        let wechat = p.name != "IMPP"
            || ["wechat", "weixin", "微信"]
                .iter()
                .any(|w| service.contains(w) || scheme.contains(w));
        if wechat && !id.trim().is_empty() {
            self.wechat.push(id.trim().to_owned());
        }
    }

    pub(super) fn address(&mut self, p: &Prop) {
        let c = p.components();
        let part = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
        let chinese = c.iter().any(|s| s.chars().any(is_cjk));
        let order: &[usize] = if chinese {
            &[6, 4, 3, 2, 1, 0, 5]
        } else {
            &[0, 1, 2, 3, 4, 5, 6]
        };
        let parts: Vec<&str> = order
            .iter()
            .map(|&i| part(i).trim())
            .filter(|s| !s.is_empty())
            .collect();
        let text = if parts.is_empty() {
            p.param("LABEL").unwrap_or("").trim().to_owned()
        } else if chinese {
            parts.join(" ")
        } else {
            parts.join(", ")
        };
        push_text(&mut self.addresses, text.replace('\n', " "));
    }

    pub(super) fn url(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        if self.website.is_empty() && is_website(&text) {
            self.website = text;
        } else if text != self.website {
            self.extra.push(format!("网址/Website: {text}"));
        }
    }

    pub(super) fn birthday(&mut self, p: &Prop) {
        let text = p.text();
        let date = text.split('T').next().unwrap_or("").trim();
        let omit_year = p.param("X-APPLE-OMIT-YEAR");
        let digits: String = date.chars().filter(char::is_ascii_digit).collect();
        let parsed = if date.starts_with("--") {
            // --MMDD or --MM-DD: no year.
            NaiveDate::from_ymd_opt(2000, num(&digits, 0, 2), num(&digits, 2, 4)).map(|d| (None, d))
        } else if digits.len() == 8 {
            let year = i32::try_from(num(&digits, 0, 4)).unwrap_or(0);
            NaiveDate::from_ymd_opt(year, num(&digits, 4, 6), num(&digits, 6, 8))
                .map(|d| (Some(year), d))
        } else {
            None
        };
        match parsed {
            Some((Some(year), d))
                if (1900..=2100).contains(&year) && omit_year != Some(&year.to_string()) =>
            {
                first(&mut self.birthday, d.format("%Y-%m-%d").to_string())
            }
            Some((Some(year), d)) if omit_year != Some(&year.to_string()) => self
                .extra
                .push(format!("生日/Birthday: {}", d.format("%Y-%m-%d"))),
            Some((_, d)) => {
                self.extra
                    .push(format!("生日/Birthday: {:02}-{:02}", d.month(), d.day()))
            }
            None if !text.is_empty() => self.extra.push(format!("生日/Birthday: {text}")),
            None => {}
        }
    }

    /// The row under [`HEADER`].
    pub(super) fn row(self) -> Vec<String> {
        let org = self.org.first().cloned().unwrap_or_default();
        let personal = if !self.full_name.is_empty() {
            self.full_name.clone()
        } else {
            join_names(&self.given, &self.family)
        };
        let name = [
            personal.clone(),
            org.clone(),
            self.emails.first().cloned().unwrap_or_default(),
            self.phones.first().cloned().unwrap_or_default(),
        ]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or_default();
        let kind = match self.kind {
            _ if name.is_empty() => "",
            Some(k) => k,
            None if personal.is_empty() || personal == org => "company",
            None => "person",
        };
        let department = self.org.get(1..).map(|d| d.join(" ")).unwrap_or_default();
        let title = if self.title.is_empty() {
            self.role
        } else {
            self.title
        };
        let address = if self.addresses.is_empty() {
            self.labels.iter().map(|l| l.replace('\n', " ")).collect()
        } else {
            self.addresses
        };
        let notes: Vec<String> = self.notes.into_iter().chain(self.extra).collect();
        vec![
            name,
            kind.to_owned(),
            org,
            department,
            title,
            self.phones.join("; "),
            self.emails.join("; "),
            self.wechat.join("; "),
            address.join("; "),
            self.website,
            self.birthday,
            self.tags.join("; "),
            self.contact,
            notes.join("\n"),
        ]
    }
}

pub(super) fn push_text(list: &mut Vec<String>, text: String) {
    if !text.trim().is_empty() {
        list.push(text);
    }
}

pub(super) fn num(digits: &str, from: usize, to: usize) -> u32 {
    digits
        .get(from..to)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

pub(super) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `urn:uuid:…`, `http://…`, `mailto:…`: a scheme before a colon.
pub(super) fn looks_like_uri(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The website rule of validation: a dotted host, no white space, at most [`MAX_NAME`].
pub(super) fn is_website(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = rest.split('/').next().unwrap_or("");
    host.contains('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.chars().count() <= MAX_NAME
}
