//! The demo's product list (产品): every product its deals name, in both languages, with a
//! category and a list price, so the dashboard's 购买偏好 cards have categories to show.
use crate::model::Product;

/// (name, category, list price in yuan or 0 for none).
const PRODUCTS: [(&str, &str, i64); 30] = [
    ("客户管理系统（专业版）", "软件", 36_000),
    ("门店收银及会员系统", "软件", 18_000),
    ("线上商城搭建", "服务", 50_000),
    ("ERP 实施服务", "服务", 120_000),
    ("办公设备采购及安装", "硬件", 0),
    ("员工培训平台年度订阅", "软件", 12_000),
    ("收银系统（单店版）", "软件", 3_800),
    ("小程序商城", "软件", 6_800),
    ("会员管理软件", "软件", 2_400),
    ("年度办公设备维保", "服务", 3_000),
    ("年度维保服务", "服务", 8_000),
    ("增购 10 个用户账号", "软件", 6_000),
    ("数据迁移服务", "服务", 0),
    ("员工培训课程", "服务", 2_000),
    ("硬件扩容", "硬件", 0),
    ("CRM Professional licence", "Software", 36_000),
    ("Point-of-sale and loyalty system", "Software", 18_000),
    ("Online store build", "Services", 50_000),
    ("ERP implementation", "Services", 120_000),
    ("Office equipment supply and installation", "Hardware", 0),
    ("Training platform, yearly subscription", "Software", 12_000),
    ("Point-of-sale, single store", "Software", 3_800),
    ("Mobile shop", "Software", 6_800),
    ("Loyalty software", "Software", 2_400),
    ("Yearly equipment maintenance", "Services", 3_000),
    ("Yearly maintenance", "Services", 8_000),
    ("10 more user licences", "Software", 6_000),
    ("Data migration", "Services", 0),
    ("Staff training course", "Services", 2_000),
    ("Hardware upgrade", "Hardware", 0),
];

pub fn demo_products() -> Vec<Product> {
    PRODUCTS
        .iter()
        .map(|(name, category, yuan)| Product {
            name: (*name).into(),
            category: (*category).into(),
            list_price: (*yuan > 0).then_some(yuan * 100),
        })
        .collect()
}
