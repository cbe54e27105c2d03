//! Demo data: about 200 made-up customers (70% Chinese, 30% English) so a newcomer sees the
//! product working. Deterministic (a fixed-seed LCG, no `rand`), so tests and screenshots are
//! stable; dates are relative to the `today` passed in. Bilingual tables are indexed by language
//! `l`: 0 = 中文, 1 = English.
use crate::model::{
    Category, Contact, CustomField, CustomValue, CustomerFields, CustomerInput, CustomerKind,
    Needs, Priority, Stage, DEFAULT_SOURCES,
};
use chrono::{Datelike, Days, NaiveDate};
use tables::*;

/// Name and address tables, laid out by hand (rustfmt would put one entry per line).
#[rustfmt::skip]
mod tables {
    use crate::model::{Category, DecisionRole, Priority};

    pub const COUNT: usize = 200;
    pub const SEED: u64 = 0x5EED_0000_CA11_2026;
    pub const OWNERS: [&str; 4] = ["李娜", "陈强", "刘洋", "Emily Chen"];
    /// Emily Chen looks after most English-speaking customers.
    pub const OWNER_POOL: [&[&str]; 2] = [&OWNERS, &["Emily Chen", "Emily Chen", "Emily Chen", "Emily Chen", "李娜", "陈强", "刘洋"]];

    /// (label, company-name word, domain slug, main business); the same order in both languages.
    pub const INDUSTRIES: [[(&str, &str, &str, &str); 8]; 2] = [
        [("软件", "科技", "tech", "企业级 SaaS 软件开发与实施"),
         ("制造业", "精密制造", "mfg", "精密零部件加工与装配"),
         ("零售", "商贸", "trade", "连锁便利店与社区生鲜零售"),
         ("教育", "教育科技", "edu", "职业技能培训与在线课程"),
         ("医疗", "医疗器械", "med", "医疗器械研发、生产与销售"),
         ("物流", "供应链", "scm", "城市配送、仓储与跨境物流"),
         ("餐饮", "餐饮管理", "food", "连锁餐饮与中央厨房"),
         ("建筑", "建设工程", "build", "商业楼宇施工与室内装饰")],
        [("Software", "Software", "software", "Business software development and consulting"),
         ("Manufacturing", "Manufacturing", "manufacturing", "Precision parts machining and assembly"),
         ("Retail", "Retail", "retail", "Chain convenience stores and groceries"),
         ("Education", "Learning", "learning", "Vocational training and online courses"),
         ("Healthcare", "Medical", "medical", "Medical devices and clinic supplies"),
         ("Logistics", "Logistics", "logistics", "Freight forwarding and warehousing"),
         ("Food & Beverage", "Foods", "foods", "Restaurant chains and catering"),
         ("Construction", "Builders", "builders", "Commercial construction and fit-out")],
    ];
    /// (brand, domain slug). Brand k % n with industry k % 8 never repeats below n × 8 (n is odd).
    pub const BRANDS: [&[(&str, &str)]; 2] = [
        &[("云栖", "yunqi"), ("华信", "huaxin"), ("恒远", "hengyuan"), ("启明", "qiming"), ("瑞丰", "ruifeng"), ("金桥", "jinqiao"),
          ("博远", "boyuan"), ("鼎盛", "dingsheng"), ("天润", "tianrun"), ("新元", "xinyuan"), ("海纳", "haina"), ("众创", "zhongchuang"),
          ("长风", "changfeng"), ("明德", "mingde"), ("星辰", "xingchen"), ("嘉禾", "jiahe"), ("远航", "yuanhang"), ("德润", "derun"),
          ("安泰", "antai"), ("睿智", "ruizhi"), ("青松", "qingsong"), ("卓越", "zhuoyue"), ("万象", "wanxiang")],
        &[("Acme", "acme"), ("Northwind", "northwind"), ("Bluefin", "bluefin"), ("Redwood", "redwood"), ("Summit", "summit"),
          ("Harbor", "harbor"), ("Pioneer", "pioneer"), ("Silverline", "silverline"), ("Evergreen", "evergreen"),
          ("Brightpath", "brightpath"), ("Keystone", "keystone"), ("Oakridge", "oakridge"), ("Crestview", "crestview")],
    ];
    /// (中文: city / English: company suffix, address before and after the number, office phone
    /// with `#` for random digits, top-level domain, region tag)
    pub type City = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str);
    pub const CITIES: [&[City]; 2] = [
        &[("杭州", "浙江省杭州市西湖区文三路 ", " 号", "0571-8### ####", "cn", "华东"),
          ("上海", "上海市浦东新区张江路 ", " 号", "+86 21 6### ####", "com.cn", "华东"),
          ("北京", "北京市海淀区中关村大街 ", " 号", "010-6### ####", "cn", ""),
          ("深圳", "广东省深圳市南山区科技园路 ", " 号", "+86 755 2### ####", "com", "华南"),
          ("广州", "广东省广州市天河区体育西路 ", " 号", "020-3### ####", "cn", "华南"),
          ("苏州", "江苏省苏州市工业园区星湖街 ", " 号", "0512-6### ####", "com.cn", "华东"),
          ("南京", "江苏省南京市鼓楼区中山北路 ", " 号", "+86 25 8### ####", "cn", "华东"),
          ("成都", "四川省成都市高新区天府大道 ", " 号", "028-8### ####", "cn", ""),
          ("武汉", "湖北省武汉市洪山区珞喻路 ", " 号", "027-8### ####", "com.cn", ""),
          ("宁波", "浙江省宁波市鄞州区天童南路 ", " 号", "0574-8### ####", "cn", "华东"),
          ("厦门", "福建省厦门市思明区湖滨南路 ", " 号", "+86 592 5### ####", "cn", "华南"),
          ("西安", "陕西省西安市雁塔区科技路 ", " 号", "029-8### ####", "com.cn", "")],
        &[("Inc", "", " Market Street, San Francisco, CA 94105, USA", "+1 415-555-01##", "com", "海外"),
          ("LLC", "", " Fifth Avenue, New York, NY 10118, USA", "+1 212-555-01##", "com", "海外"),
          ("Ltd", "", " Baker Street, London W1U 3BW, UK", "+44 20 7946 0###", "co.uk", "海外"),
          ("Pte Ltd", "", " Marina View, Singapore 018960", "+65 6555 ####", "com.sg", "海外"),
          ("Pty Ltd", "", " George Street, Sydney NSW 2000, Australia", "+61 2 5550 ####", "com.au", "海外"),
          ("Inc", "", " King Street West, Toronto ON M5X 1A9, Canada", "+1 416-555-01##", "ca", "海外")],
    ];
    /// (name, e-mail form). Coprime lengths (19 × 24, 13 × 11), so names k < 143 are unique;
    /// no 娜/强/洋 or Emily, so no customer is named like an owner.
    pub const FAMILY: [&[(&str, &str)]; 2] = [
        &[("张", "zhang"), ("王", "wang"), ("李", "li"), ("赵", "zhao"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
          ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
          ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao")],
        &[("Johnson", "johnson"), ("Smith", "smith"), ("Brown", "brown"), ("Taylor", "taylor"), ("Wilson", "wilson"),
          ("Miller", "miller"), ("Davis", "davis"), ("Clark", "clark"), ("Walker", "walker"), ("Wright", "wright"),
          ("Turner", "turner"), ("Hughes", "hughes"), ("Patel", "patel")],
    ];
    pub const GIVEN: [&[(&str, &str)]; 2] = [
        &[("伟", "wei"), ("芳", "fang"), ("敏", "min"), ("静", "jing"), ("磊", "lei"), ("军", "jun"), ("杰", "jie"),
          ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀英", "xiuying"), ("婷", "ting"), ("浩然", "haoran"),
          ("思远", "siyuan"), ("雪", "xue"), ("晨", "chen"), ("鹏", "peng"), ("丽", "li"), ("建国", "jianguo"),
          ("晓东", "xiaodong"), ("文博", "wenbo"), ("佳怡", "jiayi"), ("子涵", "zihan"), ("海峰", "haifeng")],
        &[("Sarah", "sarah"), ("James", "james"), ("Michael", "michael"), ("Olivia", "olivia"), ("Daniel", "daniel"),
          ("Sophie", "sophie"), ("David", "david"), ("Laura", "laura"), ("Thomas", "thomas"), ("Grace", "grace"), ("Ryan", "ryan")],
    ];
    pub const MOBILES: [&str; 8] = ["138 #### ####", "139 #### ####", "136 #### ####", "186 #### ####",
                                   "159 #### ####", "177 #### ####", "135 #### ####", "150 #### ####"];
    pub const MAILS: [&[&str]; 2] = [&["163.com", "qq.com", "126.com", "foxmail.com"], &["gmail.com", "outlook.com", "icloud.com"]];
    pub const ROLES: [DecisionRole; 3] = [DecisionRole::DecisionMaker, DecisionRole::Influencer, DecisionRole::User];
    /// Contact titles by role (decision maker, influencer, user).
    pub const TITLES: [[[&str; 3]; 3]; 2] = [
        [["总经理", "董事长", "副总裁"], ["采购经理", "CTO", "财务总监"], ["IT主管", "行政主管", "运营专员"]],
        [["CEO", "Managing Director", "VP Operations"], ["Procurement Manager", "CTO", "Finance Director"],
         ["IT Manager", "Office Manager", "Operations Analyst"]],
    ];
    pub const SIZES: [[&str; 6]; 2] = [
        ["1-20人", "20-50人", "50-200人", "200-500人", "500-1000人", "1000人以上"],
        ["1-20 employees", "20-50 employees", "50-200 employees", "200-500 employees", "500-1000 employees", "1000+ employees"],
    ];
    /// Private customers: (position, own business, industry).
    pub const PERSONS: [[(&str, &str, &str); 6]; 2] = [
        [("店主", "便利店", "零售"), ("创始人", "烘焙工作室", "餐饮"), ("院长", "口腔诊所", "医疗"),
         ("校长", "艺术培训中心", "教育"), ("自由设计师", "", "建筑"), ("独立开发者", "", "软件")],
        [("Owner", "Corner Store", "Retail"), ("Founder", "Bakery", "Food & Beverage"), ("Principal", "Dental Clinic", "Healthcare"),
         ("Director", "Tutoring Centre", "Education"), ("Freelance architect", "", "Construction"), ("Independent developer", "", "Software")],
    ];
    /// The first four needs and first three budgets fit a private customer too.
    pub const NEEDS: [[&str; 8]; 2] = [
        ["门店收银与会员系统升级", "建设线上商城并对接微信小程序", "客户数据统一管理，提升复购率", "采购年度办公设备及维保服务",
         "替换现有 ERP 系统，打通财务与库存", "年度物流外包服务招标", "实验室设备更新换代", "员工培训平台采购"],
        ["Upgrade point-of-sale and loyalty system", "Launch an online store with mobile checkout",
         "One customer database to lift repeat sales", "Yearly office equipment and maintenance contract",
         "Replace the legacy ERP and link finance with inventory", "Tender for outsourced logistics",
         "Renew lab equipment", "Staff training platform"],
    ];
    pub const BUDGETS: [[&str; 6]; 2] = [
        ["3万以内", "5-10万", "15-20万", "30-50万", "50-80万", "100万以上"],
        ["Under $5k", "$5k-10k", "$10k-20k", "$20k-50k", "$50k-100k", "$100k+"],
    ];
    pub const SELF_CHAIN: [[&str; 3]; 2] = [
        ["本人决定", "与家人商量后决定", "本人决定，需合伙人同意"],
        ["Decides alone", "Decides with spouse", "Needs business partner's approval"],
    ];
    pub const LOST: [[&str; 5]; 2] = [
        ["价格超出预算", "选择了竞争对手", "需求取消", "联系人离职，项目搁置", "对交付周期不满意"],
        ["Chose a competitor", "Over budget", "Project cancelled", "No response after proposal", "Delivery time too long"],
    ];
    pub const NOTES: [[&str; 6]; 2] = [
        ["对售后响应速度要求高", "春节前需完成部署", "偏好微信沟通，电话常不接", "老板看重同行业案例", "上次报价后在内部比价", "每季度初集中采购"],
        ["Prefers email over calls", "Wants an on-site demo first", "Budget approved for next quarter",
         "Asked for two customer references", "Legal review takes about three weeks", "Buys at the start of each quarter"],
    ];
    pub const CERTS: [&str; 5] = ["ISO 9001", "高新技术企业", "ISO 13485", "CMMI 3", "ISO 27001"];
    pub const CATEGORIES: [Category; 4] =
        [Category::ReadyToBuy, Category::Interested, Category::GoodProspect, Category::OrdinaryProspect];
    pub const PRIORITIES: [Priority; 4] = [Priority::High, Priority::Medium, Priority::Medium, Priority::Low];
}

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
