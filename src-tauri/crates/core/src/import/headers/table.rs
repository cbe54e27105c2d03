//! The synonyms table: normalised header → target. Keys are written already normalised (lower
//! case, no spaces or punctuation); a test checks that.
use super::Target::{self, *};

/// Looks a normalised header up: exactly, then as 联系人 / 联络人 + a field (the contact's), then
/// without a leading 客户 / customer, then without a trailing one- or two-digit number (电话2).
pub(super) fn recognise_key(key: &str) -> Option<Target> {
    prefixed(key).or_else(|| {
        let digits = key.len() - key.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let stem = key.get(..key.len() - digits).filter(|s| !s.is_empty())?;
        (1..=2).contains(&digits).then(|| prefixed(stem)).flatten()
    })
}

fn prefixed(key: &str) -> Option<Target> {
    lookup(key)
        .or_else(|| {
            ["联系人", "联络人"]
                .iter()
                .find_map(|p| key.strip_prefix(p).and_then(contact_field))
        })
        .or_else(|| {
            ["客户", "customer", "client"]
                .iter()
                .find_map(|p| key.strip_prefix(p).and_then(lookup))
        })
}

/// 联系人电话 and the like: a field of the key contact rather than of the customer.
fn contact_field(rest: &str) -> Option<Target> {
    match lookup(rest)? {
        Name => Some(ContactName),
        Phones => Some(ContactPhone),
        Emails => Some(ContactEmail),
        Position => Some(ContactTitle),
        _ => None,
    }
}

/// The table entry for `key`, if any.
pub(super) fn lookup(key: &str) -> Option<Target> {
    SYNONYMS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| t.clone())
}

/// Every synonym. Keep each target's Chinese forms first, then English.
#[rustfmt::skip]
pub(super) static SYNONYMS: &[(&str, Target)] = &[
    ("序号", Ignore), ("行号", Ignore), ("no", Ignore), ("#", Ignore), ("sn", Ignore),
    ("客脉编号", Ignore), ("rapportid", Ignore), // the key column of Rapport's own export
    ("客户性质", Kind), ("客户属性", Kind), ("企业或个人", Kind), ("公司或个人", Kind), ("kind", Kind), ("customerkind", Kind),
    ("客户名称", Name), ("客户", Name), ("客户姓名", Name), ("客户名", Name), ("姓名", Name), ("名称", Name), ("名字", Name),
    ("name", Name), ("customer", Name), ("customername", Name), ("fullname", Name), ("client", Name), ("clientname", Name),
    ("contactname", ContactName), ("contactperson", ContactName), ("contact", ContactName), ("联系人", ContactName),
    ("主要联系人", ContactName), ("首要联系人", ContactName), ("对接人", ContactName),
    ("联络人", ContactName), // Taiwan / Hong Kong (聯絡人, folded)
    ("名", FirstName), ("firstname", FirstName), ("givenname", FirstName),
    ("姓", LastName), ("lastname", LastName), ("surname", LastName), ("familyname", LastName),
    ("公司名称", Company), ("公司", Company), ("公司全称", Company), ("单位", Company), ("单位名称", Company),
    ("工作单位", Company), ("企业名称", Company), ("企业", Company), ("所属公司", Company),
    ("company", Company), ("companyname", Company), ("organization", Company), ("organisation", Company),
    ("accountname", Company), ("businessname", Company), ("associatedcompany", Company),
    ("职位", Position), ("职务", Position), ("职称", Position), ("岗位", Position),
    ("position", Position), ("jobtitle", Position), ("title", Position),
    ("部门", Department), ("所属部门", Department), ("department", Department),
    ("联系方式", Phones), ("电话", Phones), ("手机", Phones), ("手机号", Phones), ("手机号码", Phones),
    ("联系电话", Phones), ("电话号码", Phones), ("座机", Phones), ("固话", Phones), ("办公电话", Phones),
    ("移动电话", Phones), ("phone", Phones), ("phonenumber", Phones), ("mobile", Phones),
    ("mobilephone", Phones), ("mobilephonenumber", Phones), ("mobilenumber", Phones), ("tel", Phones),
    ("telephone", Phones), ("cell", Phones), ("cellphone", Phones), ("workphone", Phones), ("contactphone", Phones),
    ("contactnumber", Phones), ("联络电话", Phones), ("联络方式", Phones), ("行动电话", Phones),
    ("邮箱", Emails), ("电子邮件", Emails), ("电子邮箱", Emails), ("邮件", Emails), ("邮箱地址", Emails),
    ("联系邮箱", Emails), ("电邮", Emails), ("联络邮箱", Emails),
    ("email", Emails), ("emailaddress", Emails), ("mail", Emails), ("contactemail", Emails),
    ("地址", Address), ("详细地址", Address), ("公司地址", Address), ("联系地址", Address), ("办公地址", Address),
    ("通讯地址", Address), ("联络地址", Address),
    ("所在地", Address), ("省份", Address), ("省", Address), ("城市", Address), ("市", Address),
    ("区县", Address), ("address", Address), ("streetaddress", Address), ("city", Address), ("state", Address),
    ("stateregion", Address), ("country", Address), ("countryregion", Address), ("postalcode", Address),
    ("zip", Address), ("zipcode", Address),
    ("微信", WechatIds), ("微信号", WechatIds), ("微信号码", WechatIds), ("微信id", WechatIds), ("wx", WechatIds),
    ("vx", WechatIds), ("wechat", WechatIds), ("wechatid", WechatIds),
    ("行业", Industry), ("所属行业", Industry), ("行业类别", Industry), ("行业分类", Industry), ("industry", Industry),
    ("公司规模", CompanySize), ("企业规模", CompanySize), ("规模", CompanySize), ("人员规模", CompanySize),
    ("员工人数", CompanySize), ("companysize", CompanySize), ("size", CompanySize), ("employees", CompanySize),
    ("numberofemployees", CompanySize),
    ("网站", Website), ("官网", Website), ("网址", Website), ("公司网站", Website), ("公司官网", Website),
    ("website", Website), ("websiteurl", Website), ("url", Website), ("web", Website),
    ("主营业务", MainBusiness), ("主营", MainBusiness), ("主营产品", MainBusiness), ("经营范围", MainBusiness),
    ("mainbusiness", MainBusiness), ("business", MainBusiness),
    ("客户来源", Source), ("来源", Source), ("渠道", Source), ("获客渠道", Source), ("来源渠道", Source),
    ("source", Source), ("leadsource", Source), ("originalsource", Source),
    ("首次接触日期", FirstContactDate), ("首次接触时间", FirstContactDate), ("首次联系时间", FirstContactDate),
    ("首次联系日期", FirstContactDate), ("初次接触", FirstContactDate), ("建档日期", FirstContactDate),
    ("建档时间", FirstContactDate), ("录入时间", FirstContactDate), ("创建时间", FirstContactDate), ("创建日期", FirstContactDate),
    ("建立日期", FirstContactDate), ("建立时间", FirstContactDate),
    ("firstcontactdate", FirstContactDate), ("createdate", FirstContactDate), ("created", FirstContactDate),
    ("createddate", FirstContactDate), ("createdat", FirstContactDate),
    ("首次接触人", FirstContactBy), ("firstcontactby", FirstContactBy),
    ("负责人", Owner), ("销售", Owner), ("销售负责人", Owner), ("归属", Owner),
    ("销售人员", Owner), ("客户经理", Owner), ("归属人", Owner), ("所属销售", Owner), ("跟进销售", Owner),
    ("owner", Owner), ("contactowner", Owner), ("salesrep", Owner), ("salesperson", Owner),
    ("accountowner", Owner), ("assignedto", Owner),
    ("生日", Birthday), ("出生日期", Birthday), ("birthday", Birthday), ("dateofbirth", Birthday), ("dob", Birthday),
    ("合同到期日", ContractExpiry), ("合同到期", ContractExpiry), ("合同到期时间", ContractExpiry),
    ("合同到期日期", ContractExpiry), ("到期日", ContractExpiry), ("到期日期", ContractExpiry),
    ("contractexpiry", ContractExpiry), ("contractenddate", ContractExpiry), ("renewaldate", ContractExpiry),
    ("备注", Notes), ("备注信息", Notes), ("说明", Notes), ("其他", Notes), ("remarks", Notes), ("remark", Notes),
    ("notes", Notes), ("note", Notes), ("comments", Notes), ("comment", Notes), ("memo", Notes),
    ("客户类别", Category), ("客户类型", Category), ("类别", Category), ("类型", Category), ("客户分类", Category),
    ("分类", Category), ("客户级别", Category), ("客户等级", Category), ("category", Category),
    ("customertype", Category), ("type", Category),
    ("阶段", Stage), ("成交状态", Stage), ("销售阶段", Stage), ("跟进阶段", Stage), ("客户阶段", Stage),
    ("商机阶段", Stage), ("状态", Stage), ("客户状态", Stage), ("stage", Stage), ("dealstage", Stage),
    ("lifecyclestage", Stage), ("salesstage", Stage), ("pipelinestage", Stage), ("status", Stage),
    ("流失原因", LostReason), ("丢单原因", LostReason), ("输单原因", LostReason), ("未成交原因", LostReason),
    ("lostreason", LostReason), ("reasonlost", LostReason), ("closedlostreason", LostReason),
    ("优先级", Priority), ("重要程度", Priority), ("紧急程度", Priority), ("priority", Priority),
    ("标签", Tags), ("客户标签", Tags), ("tags", Tags), ("tag", Tags), ("labels", Tags), ("label", Tags),
    ("核心需求", CoreNeed), ("需求", CoreNeed), ("客户需求", CoreNeed), ("需求描述", CoreNeed),
    ("coreneed", CoreNeed), ("needs", CoreNeed), ("need", CoreNeed), ("requirements", CoreNeed),
    ("预算", Budget), ("预算金额", Budget), ("budget", Budget),
    ("决策链", DecisionChain), ("决策流程", DecisionChain), ("decisionchain", DecisionChain),
    ("decisionprocess", DecisionChain),
    ("需求截止日期", Deadline), ("截止日期", Deadline), ("期望完成时间", Deadline), ("deadline", Deadline),
    ("联系人职务", ContactTitle), ("contacttitle", ContactTitle),
    ("联系人电话", ContactPhone), ("联系人手机", ContactPhone), ("contactpersonphone", ContactPhone),
    ("联系人邮箱", ContactEmail), ("contactpersonemail", ContactEmail),
    ("跟进时间", FollowUpAt), ("跟进日期", FollowUpAt), ("日期", FollowUpAt), ("时间", FollowUpAt),
    ("沟通时间", FollowUpAt), ("沟通日期", FollowUpAt), ("拜访时间", FollowUpAt), ("拜访日期", FollowUpAt),
    ("联系时间", FollowUpAt), ("联系日期", FollowUpAt), ("date", FollowUpAt), ("followupdate", FollowUpAt),
    ("followuptime", FollowUpAt), ("activitydate", FollowUpAt), ("contactdate", FollowUpAt),
    ("跟进方式", FollowUpMethod), ("方式", FollowUpMethod), ("沟通方式", FollowUpMethod),
    ("跟进类型", FollowUpMethod), ("跟进渠道", FollowUpMethod), ("拜访方式", FollowUpMethod),
    ("method", FollowUpMethod), ("channel", FollowUpMethod), ("followupmethod", FollowUpMethod),
    ("activitytype", FollowUpMethod), ("contactmethod", FollowUpMethod),
    ("跟进主题", FollowUpTopic), ("主题", FollowUpTopic), ("沟通主题", FollowUpTopic), ("跟进目的", FollowUpTopic),
    ("topic", FollowUpTopic), ("subject", FollowUpTopic), ("followuptopic", FollowUpTopic), ("purpose", FollowUpTopic),
    ("跟进内容", FollowUpContent), ("跟进情况", FollowUpContent), ("沟通内容", FollowUpContent),
    ("沟通情况", FollowUpContent), ("沟通记录", FollowUpContent), ("跟进记录", FollowUpContent),
    ("跟进详情", FollowUpContent), ("拜访内容", FollowUpContent), ("洽谈内容", FollowUpContent), ("内容", FollowUpContent),
    ("content", FollowUpContent), ("followupcontent", FollowUpContent), ("followupnotes", FollowUpContent),
    ("callnotes", FollowUpContent), ("activitynotes", FollowUpContent), ("details", FollowUpContent),
    ("客户反馈", FollowUpFeedback), ("反馈", FollowUpFeedback), ("反馈意见", FollowUpFeedback),
    ("客户意见", FollowUpFeedback), ("feedback", FollowUpFeedback), ("customerfeedback", FollowUpFeedback),
    ("跟进结果", FollowUpResult), ("结果", FollowUpResult), ("沟通结果", FollowUpResult),
    ("result", FollowUpResult), ("outcome", FollowUpResult), ("followupresult", FollowUpResult),
    ("下一步", NextAction), ("下一步计划", NextAction), ("下一步行动", NextAction), ("后续计划", NextAction),
    ("下次跟进内容", NextAction), ("下次跟进计划", NextAction), ("nextstep", NextAction),
    ("nextsteps", NextAction), ("nextaction", NextAction),
    ("下次跟进时间", NextFollowUpAt), ("下次跟进日期", NextFollowUpAt), ("下次联系时间", NextFollowUpAt),
    ("下次拜访时间", NextFollowUpAt), ("计划跟进时间", NextFollowUpAt), ("回访时间", NextFollowUpAt),
    ("回访日期", NextFollowUpAt), ("下次联络时间", NextFollowUpAt), ("下次联络日期", NextFollowUpAt),
    ("nextfollowup", NextFollowUpAt), ("nextfollowupdate", NextFollowUpAt),
    ("nextfollowuptime", NextFollowUpAt), ("nextcontactdate", NextFollowUpAt),
    ("nextactivitydate", NextFollowUpAt),
    ("下次跟进人", NextFollowUpBy), ("nextfollowupby", NextFollowUpBy),
    ("预计成交金额", OpportunityAmount), ("预计金额", OpportunityAmount), ("商机金额", OpportunityAmount),
    ("意向金额", OpportunityAmount), ("预估金额", OpportunityAmount), ("预计销售额", OpportunityAmount),
    ("expectedamount", OpportunityAmount), ("opportunityamount", OpportunityAmount),
    ("estimatedamount", OpportunityAmount), ("estimatedvalue", OpportunityAmount),
    ("成交金额", DealAmount), ("合同金额", DealAmount), ("成交额", DealAmount), ("签约金额", DealAmount),
    ("成交价", DealAmount), ("dealamount", DealAmount), ("contractamount", DealAmount),
    ("contractvalue", DealAmount),
    ("成交日期", DealDate), ("交易日期", DealDate), ("成交时间", DealDate), ("签约日期", DealDate),
    ("签约时间", DealDate), ("交易时间", DealDate), ("dealdate", DealDate), ("contractdate", DealDate),
    ("datesigned", DealDate),
    ("产品", DealProduct), ("成交产品", DealProduct), ("产品名称", DealProduct), ("产品服务", DealProduct),
    ("购买产品", DealProduct), ("product", DealProduct), ("productname", DealProduct),
    ("productorservice", DealProduct),
    ("付款方式", DealPaymentMethod), ("支付方式", DealPaymentMethod), ("成交方式", DealPaymentMethod),
    ("结算方式", DealPaymentMethod), ("paymentmethod", DealPaymentMethod), ("payment", DealPaymentMethod),
    ("服务日期", ServiceDate), ("服务时间", ServiceDate), ("售后日期", ServiceDate), ("售后时间", ServiceDate),
    ("servicedate", ServiceDate),
    ("服务内容", ServiceContent), ("售后内容", ServiceContent), ("服务记录", ServiceContent),
    ("售后记录", ServiceContent), ("售后服务", ServiceContent), ("servicecontent", ServiceContent),
    ("servicenotes", ServiceContent),
    ("满意度", ServiceSatisfaction), ("满意程度", ServiceSatisfaction), ("服务满意度", ServiceSatisfaction),
    ("satisfaction", ServiceSatisfaction), ("rating", ServiceSatisfaction),
    ("下次服务", NextService), ("下次服务时间", NextService), ("下次服务日期", NextService),
    ("下次服务计划", NextService), ("nextservice", NextService), ("nextservicedate", NextService),
    ("投诉日期", ComplaintReceived), ("投诉受理日期", ComplaintReceived), ("受理日期", ComplaintReceived),
    ("投诉时间", ComplaintReceived), ("complaintreceived", ComplaintReceived), ("complaintdate", ComplaintReceived),
    ("投诉类别", ComplaintCategory), ("投诉类型", ComplaintCategory), ("投诉分类", ComplaintCategory),
    ("complaintcategory", ComplaintCategory), ("complainttype", ComplaintCategory),
    ("严重程度", ComplaintSeverity), ("投诉等级", ComplaintSeverity), ("severity", ComplaintSeverity),
    ("处理状态", ComplaintStatus), ("投诉状态", ComplaintStatus), ("complaintstatus", ComplaintStatus),
    ("解决日期", ComplaintResolved), ("解决时间", ComplaintResolved), ("resolvedon", ComplaintResolved),
    ("resolveddate", ComplaintResolved), ("dateresolved", ComplaintResolved),
    ("处理结果", ComplaintResolution), ("投诉处理结果", ComplaintResolution), ("resolution", ComplaintResolution),
    ("跟进人", FollowUpBy), ("跟进人员", FollowUpBy), ("业务员", FollowUpBy), ("followupby", FollowUpBy), ("followedupby", FollowUpBy),
];
