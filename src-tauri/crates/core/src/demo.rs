//! Demo data: about 200 made-up customers (70% Chinese, 30% English) so a newcomer sees the
//! product working. Deterministic (a fixed-seed LCG, no `rand`), so tests and screenshots are
//! stable; dates are relative to the `today` passed in.
use crate::model::{
    Category, Contact, CustomField, CustomValue, CustomerFields, CustomerInput, CustomerKind,
    Needs, Priority, Stage, DEFAULT_SOURCES,
};
use chrono::{Datelike, Days, NaiveDate};

/// Name and address tables, laid out by hand (rustfmt would put one entry per line).
#[rustfmt::skip]
mod tables {
    use crate::model::{Category, DecisionRole};

    pub const COUNT: usize = 200;
    pub const SEED: u64 = 0x5EED_0000_CA11_2026;
    pub const OWNERS: [&str; 4] = ["李娜", "陈强", "刘洋", "Emily Chen"];

    /// (label 中文, name word 中文, label English, name word English, domain slug, business 中文, business English)
    pub type Industry = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);
    pub const INDUSTRIES: [Industry; 8] = [
        ("软件", "科技", "Software", "Software", "tech", "企业级 SaaS 软件开发与实施", "Business software development and consulting"),
        ("制造业", "精密制造", "Manufacturing", "Manufacturing", "mfg", "精密零部件加工与装配", "Precision parts machining and assembly"),
        ("零售", "商贸", "Retail", "Retail", "trade", "连锁便利店与社区生鲜零售", "Chain convenience stores and groceries"),
        ("教育", "教育科技", "Education", "Learning", "edu", "职业技能培训与在线课程", "Vocational training and online courses"),
        ("医疗", "医疗器械", "Healthcare", "Medical", "med", "医疗器械研发、生产与销售", "Medical devices and clinic supplies"),
        ("物流", "供应链", "Logistics", "Logistics", "scm", "城市配送、仓储与跨境物流", "Freight forwarding and warehousing"),
        ("餐饮", "餐饮管理", "Food & Beverage", "Foods", "food", "连锁餐饮与中央厨房", "Restaurant chains and catering"),
        ("建筑", "建设工程", "Construction", "Builders", "build", "商业楼宇施工与室内装饰", "Commercial construction and fit-out"),
    ];
    // 23 brands × 8 industries (coprime): brand k % 23 with industry k % 8 never repeats below k = 184.
    pub const BRANDS_ZH: [(&str, &str); 23] = [
        ("云栖", "yunqi"), ("华信", "huaxin"), ("恒远", "hengyuan"), ("启明", "qiming"), ("瑞丰", "ruifeng"),
        ("金桥", "jinqiao"), ("博远", "boyuan"), ("鼎盛", "dingsheng"), ("天润", "tianrun"), ("新元", "xinyuan"),
        ("海纳", "haina"), ("众创", "zhongchuang"), ("长风", "changfeng"), ("明德", "mingde"), ("星辰", "xingchen"),
        ("嘉禾", "jiahe"), ("远航", "yuanhang"), ("德润", "derun"), ("安泰", "antai"), ("睿智", "ruizhi"),
        ("青松", "qingsong"), ("卓越", "zhuoyue"), ("万象", "wanxiang"),
    ];
    // 13 brands × 8 industries: unique below k = 104.
    pub const BRANDS_EN: [&str; 13] = [
        "Acme", "Northwind", "Bluefin", "Redwood", "Summit", "Harbor", "Pioneer", "Silverline",
        "Evergreen", "Brightpath", "Keystone", "Oakridge", "Crestview",
    ];
    /// (city, address prefix, street, area code, region tag)
    pub const CITIES_ZH: [(&str, &str, &str, &str, &str); 12] = [
        ("杭州", "浙江省杭州市西湖区", "文三路", "571", "华东"), ("上海", "上海市浦东新区", "张江路", "21", "华东"),
        ("北京", "北京市海淀区", "中关村大街", "10", ""), ("深圳", "广东省深圳市南山区", "科技园路", "755", "华南"),
        ("广州", "广东省广州市天河区", "体育西路", "20", "华南"), ("苏州", "江苏省苏州市工业园区", "星湖街", "512", "华东"),
        ("南京", "江苏省南京市鼓楼区", "中山北路", "25", "华东"), ("成都", "四川省成都市高新区", "天府大道", "28", ""),
        ("武汉", "湖北省武汉市洪山区", "珞喻路", "27", ""), ("宁波", "浙江省宁波市鄞州区", "天童南路", "574", "华东"),
        ("厦门", "福建省厦门市思明区", "湖滨南路", "592", "华南"), ("西安", "陕西省西安市雁塔区", "科技路", "29", ""),
    ];
    /// (street, city line, phone prefix, random digits after it, top-level domain, company suffix)
    pub const CITIES_EN: [(&str, &str, &str, u32, &str, &str); 6] = [
        ("Market Street", "San Francisco, CA 94105, USA", "+1 415-555-01", 2, "com", "Inc"),
        ("Fifth Avenue", "New York, NY 10118, USA", "+1 212-555-01", 2, "com", "LLC"),
        ("Baker Street", "London W1U 3BW, UK", "+44 20 7946 0", 3, "co.uk", "Ltd"),
        ("Marina View", "Singapore 018960", "+65 6555 ", 4, "com.sg", "Pte Ltd"),
        ("George Street", "Sydney NSW 2000, Australia", "+61 2 5550 ", 4, "com.au", "Pty Ltd"),
        ("King Street West", "Toronto ON M5X 1A9, Canada", "+1 416-555-01", 2, "ca", "Inc"),
    ];
    // 19 surnames × 24 given names (coprime): unique below 456. No 娜/强/洋, so no clash with owners.
    pub const SURNAMES: [(&str, &str); 19] = [
        ("张", "zhang"), ("王", "wang"), ("李", "li"), ("赵", "zhao"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
        ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
        ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao"),
    ];
    pub const GIVEN: [(&str, &str); 24] = [
        ("伟", "wei"), ("芳", "fang"), ("敏", "min"), ("静", "jing"), ("磊", "lei"), ("军", "jun"), ("杰", "jie"),
        ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀英", "xiuying"), ("婷", "ting"), ("浩然", "haoran"),
        ("思远", "siyuan"), ("雪", "xue"), ("晨", "chen"), ("鹏", "peng"), ("丽", "li"), ("建国", "jianguo"),
        ("晓东", "xiaodong"), ("文博", "wenbo"), ("佳怡", "jiayi"), ("子涵", "zihan"), ("海峰", "haifeng"),
    ];
    // 11 × 13: unique below 143.
    pub const FIRST_EN: [&str; 11] = [
        "Sarah", "James", "Michael", "Olivia", "Daniel", "Sophie", "David", "Laura", "Thomas", "Grace", "Ryan",
    ];
    pub const LAST_EN: [&str; 13] = [
        "Johnson", "Smith", "Brown", "Taylor", "Wilson", "Miller", "Davis", "Clark", "Walker", "Wright",
        "Turner", "Hughes", "Patel",
    ];
    pub const MOBILES: [&str; 8] = ["138", "139", "136", "186", "159", "177", "135", "150"];
    pub const ROLES: [DecisionRole; 3] = [DecisionRole::DecisionMaker, DecisionRole::Influencer, DecisionRole::User];
    /// Titles by role (decision maker, influencer, user).
    pub const TITLES_ZH: [[&str; 3]; 3] = [["总经理", "董事长", "副总裁"], ["采购经理", "CTO", "财务总监"], ["IT主管", "行政主管", "运营专员"]];
    pub const TITLES_EN: [[&str; 3]; 3] = [
        ["CEO", "Managing Director", "VP Operations"],
        ["Procurement Manager", "CTO", "Finance Director"],
        ["IT Manager", "Office Manager", "Operations Analyst"],
    ];
    pub const SIZES_ZH: [&str; 6] = ["1-20人", "20-50人", "50-200人", "200-500人", "500-1000人", "1000人以上"];
    pub const SIZES_EN: [&str; 6] = [
        "1-20 employees", "20-50 employees", "50-200 employees", "200-500 employees", "500-1000 employees", "1000+ employees",
    ];
    /// Private customers: (position, business, industry).
    pub const PERSONS_ZH: [(&str, &str, &str); 6] = [
        ("店主", "便利店", "零售"), ("创始人", "烘焙工作室", "餐饮"), ("院长", "口腔诊所", "医疗"),
        ("校长", "艺术培训中心", "教育"), ("自由设计师", "", "建筑"), ("独立开发者", "", "软件"),
    ];
    pub const PERSONS_EN: [(&str, &str, &str); 6] = [
        ("Owner", "Corner Store", "Retail"), ("Founder", "Bakery", "Food & Beverage"),
        ("Principal", "Dental Clinic", "Healthcare"), ("Director", "Tutoring Centre", "Education"),
        ("Freelance architect", "", "Construction"), ("Independent developer", "", "Software"),
    ];
    // Needs and budgets: the first four / three fit a private customer as well.
    pub const NEEDS_ZH: [&str; 8] = [
        "门店收银与会员系统升级", "建设线上商城并对接微信小程序", "客户数据统一管理，提升复购率", "采购年度办公设备及维保服务",
        "替换现有 ERP 系统，打通财务与库存", "年度物流外包服务招标", "实验室设备更新换代", "员工培训平台采购",
    ];
    pub const NEEDS_EN: [&str; 8] = [
        "Upgrade point-of-sale and loyalty system", "Launch an online store with mobile checkout",
        "One customer database to lift repeat sales", "Yearly office equipment and maintenance contract",
        "Replace the legacy ERP and link finance with inventory", "Tender for outsourced logistics",
        "Renew lab equipment", "Staff training platform",
    ];
    pub const BUDGETS_ZH: [&str; 6] = ["3万以内", "5-10万", "15-20万", "30-50万", "50-80万", "100万以上"];
    pub const BUDGETS_EN: [&str; 5] = ["Under $5k", "$5k-10k", "$20k-50k", "$50k-100k", "$100k+"];
    pub const SELF_CHAIN_ZH: [&str; 3] = ["本人决定", "与家人商量后决定", "本人决定，需合伙人同意"];
    pub const SELF_CHAIN_EN: [&str; 3] = ["Decides alone", "Decides with spouse", "Needs business partner's approval"];
    pub const LOST_ZH: [&str; 5] = ["价格超出预算", "选择了竞争对手", "需求取消", "联系人离职，项目搁置", "对交付周期不满意"];
    pub const LOST_EN: [&str; 4] = ["Chose a competitor", "Over budget", "Project cancelled", "No response after proposal"];
    pub const NOTES_ZH: [&str; 6] = [
        "对售后响应速度要求高", "春节前需完成部署", "偏好微信沟通，电话常不接", "老板看重同行业案例", "上次报价后在内部比价", "每季度初集中采购",
    ];
    pub const NOTES_EN: [&str; 5] = [
        "Prefers email over calls", "Wants an on-site demo first", "Budget approved for next quarter",
        "Asked for two customer references", "Legal review takes about three weeks",
    ];
    pub const CERTS: [&str; 5] = ["ISO 9001", "高新技术企业", "ISO 13485", "CMMI 3", "ISO 27001"];
    pub const CATEGORIES: [Category; 4] =
        [Category::ReadyToBuy, Category::Interested, Category::GoodProspect, Category::OrdinaryProspect];
}
use tables::*;

/// Knuth's MMIX linear congruential generator: small, fast, and the same everywhere.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
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

/// About 200 demo customers; identical for identical `today`.
pub fn demo_customers(today: NaiveDate) -> Vec<CustomerInput> {
    let mut g = Gen {
        rng: Lcg(SEED),
        today,
    };
    let mut counters = [0usize; 4];
    (0..COUNT)
        .map(|n| {
            // Per 20: 11 Chinese companies, 3 Chinese persons, 4 English companies, 2 English persons.
            let (zh, company) = (n % 10 < 7, n % 4 != 3);
            let group = usize::from(zh) * 2 + usize::from(company);
            let k = counters[group];
            counters[group] += 1;
            g.customer(k, zh, company)
        })
        .collect()
}

struct Gen {
    rng: Lcg,
    today: NaiveDate,
}

impl Gen {
    fn customer(&mut self, k: usize, zh: bool, company: bool) -> CustomerInput {
        let (mut f, region) = if company {
            self.company(k, zh)
        } else {
            self.person(k, zh)
        };
        let age = self.rng.range(3, 729);
        f.first_contact_date = self.today.checked_sub_days(Days::new(age));
        f.owner = if !zh && self.rng.pct(70) {
            "Emily Chen"
        } else {
            self.rng.pick(&OWNERS)
        }
        .to_string();
        f.first_contact_by = if self.rng.pct(80) {
            f.owner.clone()
        } else {
            self.rng.pick(&OWNERS).to_string()
        };
        f.source = self.rng.pick(&DEFAULT_SOURCES).to_string();
        self.pipeline(&mut f, zh);
        if self.rng.pct(35) {
            f.notes = if zh {
                self.rng.pick(&NOTES_ZH)
            } else {
                self.rng.pick(&NOTES_EN)
            }
            .to_string();
        }
        if company {
            f.custom_fields = self.custom_fields();
        }
        let tags = self.tags(&f, zh, age, region);
        CustomerInput { fields: f, tags }
    }

    fn company(&mut self, k: usize, zh: bool) -> (CustomerFields, &'static str) {
        let ind = INDUSTRIES[k % INDUSTRIES.len()];
        let size = self.rng.below(SIZES_ZH.len() as u64) as usize;
        let mut f = CustomerFields {
            kind: CustomerKind::Company,
            ..Default::default()
        };
        let (domain, region) = if zh {
            let (brand, py) = BRANDS_ZH[k % BRANDS_ZH.len()];
            let (city, prefix, street, area, region) = CITIES_ZH[k % CITIES_ZH.len()];
            let domain = format!(
                "{py}-{}.{}",
                ind.4,
                if k % 3 == 0 { "com.cn" } else { "cn" }
            );
            let suffix = if size >= 4 {
                "股份有限公司"
            } else {
                "有限公司"
            };
            f.name = format!("{city}{brand}{}{suffix}", ind.1);
            f.phones.push(self.landline(area));
            if self.rng.pct(40) {
                f.phones.push(format!(
                    "{} 转 {}",
                    self.landline(area),
                    self.rng.range(800, 899)
                ));
            }
            f.wechat_ids.push(format!("{py}{}", ind.4));
            f.address = format!("{prefix}{street} {} 号", self.rng.range(1, 999));
            (f.industry, f.company_size, f.main_business) =
                (ind.0.into(), SIZES_ZH[size].into(), ind.5.into());
            (domain, region)
        } else {
            let brand = BRANDS_EN[k % BRANDS_EN.len()];
            let (street, line, prefix, digits, tld, suffix) = CITIES_EN[k % CITIES_EN.len()];
            let domain = format!("{}{}.{tld}", brand.to_lowercase(), ind.3.to_lowercase());
            f.name = format!("{brand} {} {suffix}", ind.3);
            f.phones.push(self.city_phone(prefix, digits));
            if self.rng.pct(30) {
                f.phones.push(format!(
                    "{} ext. {}",
                    self.city_phone(prefix, digits),
                    self.rng.range(10, 99)
                ));
            }
            f.address = format!("{} {street}, {line}", self.rng.range(1, 400));
            (f.industry, f.company_size, f.main_business) =
                (ind.2.into(), SIZES_EN[size].into(), ind.6.into());
            (domain, "海外")
        };
        f.company = f.name.clone();
        f.website = format!("https://www.{domain}");
        f.emails.push(format!(
            "{}@{domain}",
            self.rng.pick(&["sales", "info", "contact"])
        ));
        let phone = CITIES_EN[k % CITIES_EN.len()];
        f.contacts = (0..self.rng.range(1, 3) as usize)
            .map(|i| {
                let pick = self.rng.below(500) as usize;
                let (name, local) = self.name(zh, pick);
                Contact {
                    name,
                    title: self
                        .rng
                        .pick(if zh { &TITLES_ZH[i] } else { &TITLES_EN[i] })
                        .to_string(),
                    phone: if zh {
                        self.mobile()
                    } else {
                        self.city_phone(phone.2, phone.3)
                    },
                    email: format!("{local}@{domain}"),
                    birthday: if self.rng.pct(30) {
                        self.birthday()
                    } else {
                        None
                    },
                    role: Some(ROLES[i]),
                }
            })
            .collect();
        (f, region)
    }

    fn person(&mut self, k: usize, zh: bool) -> (CustomerFields, &'static str) {
        let (name, local) = self.name(zh, k);
        let nn = self.rng.range(10, 99);
        let mut f = CustomerFields {
            kind: CustomerKind::Person,
            name,
            ..Default::default()
        };
        let region = if zh {
            let (position, shop, industry) = self.rng.pick(&PERSONS_ZH);
            let (_, prefix, street, _, region) = CITIES_ZH[(k * 5) % CITIES_ZH.len()];
            let (surname, _) = SURNAMES[k % SURNAMES.len()];
            f.company = if shop.is_empty() {
                String::new()
            } else {
                format!("{surname}氏{shop}")
            };
            (f.position, f.industry) = (position.into(), industry.into());
            f.phones.push(self.mobile());
            if self.rng.pct(30) {
                f.phones.push(self.mobile());
            }
            let mail = self
                .rng
                .pick(&["163.com", "qq.com", "126.com", "foxmail.com"]);
            f.emails
                .push(format!("{}{nn}@{mail}", local.replace('.', "")));
            f.wechat_ids
                .push(format!("{}_{nn}", local.replace('.', "")));
            f.address = format!(
                "{prefix}{street} {} 号 {} 室",
                self.rng.range(1, 300),
                self.rng.range(101, 2508)
            );
            region
        } else {
            let (position, shop, industry) = self.rng.pick(&PERSONS_EN);
            let (street, line, prefix, digits, _, _) = CITIES_EN[(k * 5) % CITIES_EN.len()];
            let last = LAST_EN[k % LAST_EN.len()];
            f.company = if shop.is_empty() {
                String::new()
            } else {
                format!("{last}'s {shop}")
            };
            (f.position, f.industry) = (position.into(), industry.into());
            f.phones.push(self.city_phone(prefix, digits));
            let mail = self.rng.pick(&["gmail.com", "outlook.com", "icloud.com"]);
            f.emails.push(format!("{local}{nn}@{mail}"));
            f.address = format!("{} {street}, {line}", self.rng.range(1, 400));
            "海外"
        };
        if self.rng.pct(60) {
            f.birthday = self.birthday();
        }
        (f, region)
    }

    /// Stage, category, priority and what follows from them.
    fn pipeline(&mut self, f: &mut CustomerFields, zh: bool) {
        f.stage = match self.rng.below(100) {
            0..=21 => Stage::InitialContact,
            22..=39 => Stage::NeedsConfirmed,
            40..=54 => Stage::Proposal,
            55..=67 => Stage::Negotiation,
            68..=87 => Stage::Won,
            _ => Stage::Lost,
        };
        f.category = match f.stage {
            _ if self.rng.pct(10) => None,
            Stage::Negotiation if self.rng.pct(60) => Some(Category::ReadyToBuy),
            _ => Some(self.rng.pick(&CATEGORIES)),
        };
        f.priority = match f.stage {
            Stage::Negotiation | Stage::Proposal if self.rng.pct(50) => Priority::High,
            Stage::Lost => Priority::Low,
            _ => self.rng.pick(&[
                Priority::High,
                Priority::Medium,
                Priority::Medium,
                Priority::Low,
            ]),
        };
        match f.stage {
            Stage::Lost => {
                f.lost_reason = if zh {
                    self.rng.pick(&LOST_ZH)
                } else {
                    self.rng.pick(&LOST_EN)
                }
                .into()
            }
            Stage::Won => {
                let days = if self.rng.pct(30) {
                    self.rng.range(1, 30)
                } else {
                    self.rng.range(31, 540)
                };
                f.contract_expiry = self.today.checked_add_days(Days::new(days));
            }
            _ => {}
        }
        if f.stage == Stage::InitialContact && self.rng.pct(50) {
            return; // Needs not known yet.
        }
        let open = !matches!(f.stage, Stage::Won | Stage::Lost);
        let (needs, budgets) = if zh {
            (&NEEDS_ZH[..], &BUDGETS_ZH[..])
        } else {
            (&NEEDS_EN[..], &BUDGETS_EN[..])
        };
        let small = f.kind == CustomerKind::Person;
        f.needs = Needs {
            core_need: self
                .rng
                .pick(if small { &needs[..4] } else { needs })
                .into(),
            budget: self
                .rng
                .pick(if small { &budgets[..3] } else { budgets })
                .into(),
            decision_chain: self.chain(&f.contacts, zh),
            deadline: if open {
                self.today
                    .checked_add_days(Days::new(self.rng.range(7, 150)))
            } else {
                None
            },
        };
    }

    /// "王芳（IT主管）→ 张伟（总经理）拍板": from the users up to the decision maker.
    fn chain(&mut self, contacts: &[Contact], zh: bool) -> String {
        if contacts.is_empty() {
            return if zh {
                self.rng.pick(&SELF_CHAIN_ZH)
            } else {
                self.rng.pick(&SELF_CHAIN_EN)
            }
            .into();
        }
        let steps: Vec<String> = contacts
            .iter()
            .rev()
            .map(|c| {
                if zh {
                    format!("{}（{}）", c.name, c.title)
                } else {
                    format!("{} ({})", c.name, c.title)
                }
            })
            .collect();
        format!(
            "{}{}",
            steps.join(" → "),
            if zh { "拍板" } else { " signs off" }
        )
    }

    fn custom_fields(&mut self) -> Vec<CustomField> {
        let mut v = Vec::new();
        let field = |name: &str, value| CustomField {
            name: name.into(),
            value,
        };
        if self.rng.pct(30) {
            v.push(field(
                "行业认证",
                CustomValue::Text(self.rng.pick(&CERTS).into()),
            ));
        }
        if self.rng.pct(40) {
            v.push(field(
                "年采购额",
                CustomValue::Number((self.rng.range(5, 300) * 10_000) as f64),
            ));
        }
        if let Some(d) = self
            .today
            .checked_sub_days(Days::new(self.rng.range(10, 400)))
        {
            if self.rng.pct(25) {
                v.push(field("上次展会", CustomValue::Date(d)));
            }
        }
        v
    }

    fn tags(
        &mut self,
        f: &CustomerFields,
        zh: bool,
        age: u64,
        region: &'static str,
    ) -> Vec<String> {
        let mut t: Vec<&str> = Vec::new();
        if f.stage == Stage::Won && f.priority == Priority::High {
            t.push(if zh { "VIP" } else { "Key account" });
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
        if !zh && self.rng.pct(25) {
            t.push("Partner");
        }
        if age > 365 {
            t.push("老客户");
        } else if age < 120 || t.is_empty() {
            t.push("新客户");
        }
        t.truncate(4);
        t.into_iter().map(String::from).collect()
    }

    /// Display name and e-mail local part of name number `i`.
    fn name(&mut self, zh: bool, i: usize) -> (String, String) {
        if zh {
            let ((s, spy), (g, gpy)) = (SURNAMES[i % SURNAMES.len()], GIVEN[i % GIVEN.len()]);
            (format!("{s}{g}"), format!("{gpy}.{spy}"))
        } else {
            let (first, last) = (FIRST_EN[i % FIRST_EN.len()], LAST_EN[i % LAST_EN.len()]);
            (
                format!("{first} {last}"),
                format!("{first}.{last}").to_lowercase(),
            )
        }
    }

    /// "138 0013 8000"
    fn mobile(&mut self) -> String {
        let p = self.rng.pick(&MOBILES);
        format!(
            "{p} {:04} {:04}",
            self.rng.below(10_000),
            self.rng.below(10_000)
        )
    }

    /// "+86 21 6234 5678" or "0571-8765 4321"
    fn landline(&mut self, area: &str) -> String {
        let (a, b) = (self.rng.range(2000, 8999), self.rng.range(1000, 9999));
        if self.rng.pct(50) {
            format!("+86 {area} {a} {b}")
        } else {
            format!("0{area}-{a} {b}")
        }
    }

    /// "+1 415-555-0134": the prefix followed by `digits` random digits.
    fn city_phone(&mut self, prefix: &str, digits: u32) -> String {
        let n = self.rng.below(10u64.pow(digits));
        format!("{prefix}{n:0width$}", width = digits as usize)
    }

    /// Born 1960–1995; one in five has a birthday within the next two weeks.
    fn birthday(&mut self) -> Option<NaiveDate> {
        let year = self.rng.range(1960, 1995) as i32;
        let soon = self
            .today
            .checked_add_days(Days::new(self.rng.range(0, 14)));
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
        assert_eq!(all, demo_customers(today()));
        for c in &all {
            let checked = crate::validate::customer(c.clone());
            assert!(checked.is_ok(), "{}: {checked:?}", c.fields.name);
            assert!(
                (1..=4).contains(&c.tags.len()),
                "{}: {:?}",
                c.fields.name,
                c.tags
            );
            assert_eq!(
                c.fields.stage == Stage::Lost,
                !c.fields.lost_reason.is_empty(),
                "{}",
                c.fields.name
            );
            assert!(DEFAULT_SOURCES.contains(&c.fields.source.as_str()));
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
        let soon = all.iter().filter(|c| {
            c.fields
                .contract_expiry
                .is_some_and(|d| d > t && d <= t + Days::new(30))
        });
        assert!(soon.count() > 0, "some contracts expire within 30 days");
        for c in &all {
            let f = &c.fields;
            let first = f.first_contact_date.unwrap();
            assert!(first < t && first >= t - Days::new(731), "{}", f.name);
            if !matches!(f.stage, Stage::Won | Stage::Lost) {
                assert!(f.needs.deadline.is_none_or(|d| d > t), "{}", f.name);
            }
            assert_eq!(f.contract_expiry.is_some(), f.stage == Stage::Won);
        }
    }
}
