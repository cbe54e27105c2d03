//! Phrases of the demo's opportunities, deals and after-sales service records, in 中文 and
//! English (indexed by language like `tables`).
#![cfg_attr(rustfmt, rustfmt::skip)]

pub const RECORDS_SEED: u64 = 0x5EED_DEA1_5A1E_2026;

/// How keen the customer is (意向), two per stage: 初步接触, 需求明确, 方案沟通, 谈判中.
pub const INTENTS: [[[&str; 2]; 4]; 2] = [
    [["初步了解，尚未立项", "有兴趣，先收集资料"],
     ["需求明确，正在评估方案", "已列入年度采购计划"],
     ["认可方案，在内部比价", "等待预算审批"],
     ["意向强烈，正在谈价格", "基本确定，等待签合同"]],
    [["Early interest, no project yet", "Collecting information"],
     ["Clear need, comparing options", "In this year's purchasing plan"],
     ["Likes the proposal, comparing prices", "Waiting for budget approval"],
     ["Keen, negotiating the price", "Agreed in principle, contract pending"]],
];
/// The intent of an opportunity that was won, and of one that was lost.
pub const WON_INTENT: [&str; 2] = ["已签约", "Signed"];
pub const LOST_INTENT: [&str; 2] = ["已放弃", "Dropped"];

/// Expected amounts in yuan for a budget of `BUDGETS[l][i]` (capped at ¥500,000).
pub const BUDGET_YUAN: [(u64, u64); 6] = [
    (5_000, 30_000), (50_000, 100_000), (150_000, 200_000), (300_000, 500_000), (400_000, 500_000), (450_000, 500_000),
];
/// Expected amounts in yuan when the budget is not known, by open stage.
pub const STAGE_YUAN: [(u64, u64); 4] = [(5_000, 80_000), (10_000, 150_000), (20_000, 300_000), (30_000, 500_000)];
/// Days from today to the expected close, by open stage.
pub const CLOSE_DAYS: [(u64, u64); 4] = [(60, 180), (30, 120), (14, 75), (3, 40)];

/// What a customer buys first (companies, private customers).
pub const MAIN_PRODUCTS: [[&[&str]; 2]; 2] = [
    [&["客户管理系统（专业版）", "门店收银及会员系统", "线上商城搭建", "ERP 实施服务", "办公设备采购及安装", "员工培训平台年度订阅"],
     &["收银系统（单店版）", "小程序商城", "会员管理软件", "年度办公设备维保"]],
    [&["CRM Professional licence", "Point-of-sale and loyalty system", "Online store build", "ERP implementation",
       "Office equipment supply and installation", "Training platform, yearly subscription"],
     &["Point-of-sale, single store", "Mobile shop", "Loyalty software", "Yearly equipment maintenance"]],
];
/// What an existing customer buys again.
pub const MORE_PRODUCTS: [[&str; 5]; 2] = [
    ["年度维保服务", "增购 10 个用户账号", "数据迁移服务", "员工培训课程", "硬件扩容"],
    ["Yearly maintenance", "10 more user licences", "Data migration", "Staff training course", "Hardware upgrade"],
];
/// Deal notes by payment method (online, offline, instalments).
pub const PAYMENT_NOTES: [[[&str; 3]; 3]; 2] = [
    [["对公网银转账，已到账", "支付宝企业付款", "微信支付，已开电子发票"],
     ["现场签约，支票付款", "银行柜台汇款", "现金付款，已开收据"],
     ["分 3 期，首付 40%", "分 6 期，每月 5 日付款", "首付 30%，验收后付清"]],
    [["Paid by bank transfer", "Paid by card online", "Paid online against the invoice"],
     ["Cheque at signing", "Paid at the bank counter", "Paid in cash, receipt issued"],
     ["3 instalments, 40% up front", "6 monthly instalments", "30% deposit, balance on acceptance"]],
];

/// (request, problem, solution, result) of a service visit.
pub type Visit = (&'static str, &'static str, &'static str, &'static str);
pub const VISITS: [[Visit; 7]; 2] = [
    [("系统无法登录", "账号密码过期被锁定", "远程重置密码并开启自助找回", "已恢复使用"),
     ("打印小票乱码", "打印机驱动版本不兼容", "更新驱动并调整编码设置", "打印正常"),
     ("申请新员工使用培训", "新员工不熟悉操作", "上门培训两小时并提供操作手册", "培训完成，员工可独立操作"),
     ("报表数据与库存不一致", "夜间同步任务失败", "修复同步任务并补录数据", "数据已核对一致"),
     ("设备运行有异响", "散热风扇积灰", "清洁保养并更换风扇", "运行正常"),
     ("要求增加用户数", "业务扩张，账号不够用", "扩容 10 个账号", "已开通"),
     ("咨询新版本功能", "", "远程演示新功能并制定升级计划", "客户同意下季度升级")],
    [("Cannot log in", "Password expired and the account locked", "Reset it remotely and enabled self-service reset", "Back in use"),
     ("Receipts print garbled", "Printer driver out of date", "Updated the driver and the encoding setting", "Printing fine"),
     ("Training for new staff", "New staff unsure of the workflow", "Two-hour on-site training and a handbook", "Staff work on their own now"),
     ("Reports disagree with stock", "The nightly sync had failed", "Fixed the sync and re-entered the missing data", "Figures match again"),
     ("Device makes a noise", "Dust in the cooling fan", "Cleaned it and replaced the fan", "Running normally"),
     ("More user accounts", "The team has grown", "Added 10 accounts", "Accounts active"),
     ("Questions about the new version", "", "Showed the new features remotely and planned the upgrade", "Upgrade agreed for next quarter")],
];
/// The result of a visit the customer was unhappy with (satisfaction 1–2).
pub const POOR_RESULTS: [[&str; 2]; 2] = [
    ["处理时间较长，客户不太满意", "问题反复出现，需再次上门"],
    ["Took longer than promised; customer unhappy", "The problem came back; another visit needed"],
];
/// 下次服务计划
pub const PLANS: [[&str; 5]; 2] = [
    ["季度巡检", "回访使用情况", "续约沟通", "上门保养", "版本升级"],
    ["Quarterly check-up", "Check in on usage", "Renewal call", "On-site maintenance", "Version upgrade"],
];
/// The visit that carries out a plan: (solution, result); its request is the plan.
pub const PLANNED_VISIT: [(&str, &str); 2] = [
    ("按计划上门检查系统运行与数据备份", "一切正常，已记录改进建议"),
    ("Checked the system and the backups as planned", "All fine; suggestions noted"),
];
