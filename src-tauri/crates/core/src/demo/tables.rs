//! Names, places and phrases the demo book is made of.
#![cfg_attr(rustfmt, rustfmt::skip)]
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
