//! Error messages in the user's language. Field paths (`contacts[1].email`) become labels
//! ("Contact 2 – email" / "联系人 2 – 邮箱") so the message names what the user must fix.
use crate::error::{CoreError, DiskProblem, DiskTrouble, Entity, ErrorPayload, Invalid};
use crate::model::{ComplaintStatus, ImportState, Language, RestoreProblem};

/// (path segment, English, Chinese)
const FIELD_LABELS: &[(&str, &str, &str)] = &[
    ("kind", "Kind", "类型"),
    ("name", "Name", "名称"),
    ("company", "Company", "公司"),
    ("position", "Position", "职位"),
    ("department", "Department", "部门"),
    ("phones", "Phone", "电话"),
    ("phone", "Phone", "电话"),
    ("emails", "Email", "邮箱"),
    ("email", "Email", "邮箱"),
    ("address", "Address", "地址"),
    ("wechatIds", "WeChat ID", "微信号"),
    ("industry", "Industry", "行业"),
    ("companySize", "Company size", "公司规模"),
    ("website", "Website", "网站"),
    ("mainBusiness", "Main business", "主营业务"),
    ("source", "Source", "客户来源"),
    ("firstContactDate", "First contact date", "首次接触日期"),
    ("firstContactBy", "First contact by", "首次接触人"),
    ("owner", "Owner", "负责人"),
    ("birthday", "Birthday", "生日"),
    ("contractExpiry", "Contract expiry", "合同到期日"),
    ("notes", "Notes", "备注"),
    ("contacts", "Contact", "联系人"),
    ("title", "Title", "职务"),
    ("role", "Role", "决策角色"),
    ("needs", "Needs", "需求"),
    ("coreNeed", "Core need", "核心需求"),
    ("budget", "Budget", "预算"),
    ("decisionChain", "Decision chain", "决策链"),
    ("deadline", "Deadline", "截止日期"),
    ("category", "Category", "客户类别"),
    ("stage", "Stage", "阶段"),
    ("lostReason", "Reason for loss", "流失原因"),
    ("priority", "Priority", "优先级"),
    ("customFields", "Custom field", "自定义字段"),
    ("value", "Value", "值"),
    ("tags", "Tag", "标签"),
    ("tagIds", "Tag", "标签"),
    ("color", "Colour", "颜色"),
    ("sources", "Source", "客户来源"),
    ("id", "ID", "ID"),
    ("at", "Follow-up time", "跟进时间"),
    ("method", "Method", "跟进方式"),
    ("topic", "Topic", "跟进主题"),
    ("content", "Content", "跟进内容"),
    ("feedback", "Customer feedback", "客户反馈"),
    ("result", "Result", "跟进结果"),
    ("nextAction", "Next action", "下一步行动"),
    ("nextAt", "Next follow-up time", "下次跟进时间"),
    ("nextBy", "Next follow-up by", "下次跟进人"),
    ("by", "Followed up by", "跟进人"),
    ("contact", "Contact spoken to", "沟通联系人"),
    ("closes", "Follow-up answered", "所完成的跟进"),
    ("until", "Snooze until", "推迟至"),
    ("schedule", "Scheduling", "跟进计划"),
    ("highDays", "High priority interval", "高优先级间隔"),
    ("mediumDays", "Medium priority interval", "中优先级间隔"),
    ("lowDays", "Low priority interval", "低优先级间隔"),
    ("reminderTime", "Reminder time", "提醒时间"),
    ("reminders", "Reminders", "提醒"),
    (
        "contractNoticeDays",
        "Contract expiry notice",
        "合同到期提前提醒",
    ),
    ("backupKeep", "Backups", "备份"),
    ("daily", "Daily backups to keep", "保留每日备份"),
    ("weekly", "Weekly backups to keep", "保留每周备份"),
    ("monthly", "Monthly backups to keep", "保留每月备份"),
    (
        "beforeChange",
        "Backups before imports and restores",
        "导入和恢复前的备份",
    ),
    ("backupMirror", "Second backup folder", "第二备份文件夹"),
    ("backupPassword", "Backup password", "备份密码"),
    ("customerId", "Customer", "客户"),
    ("need", "Need", "需求"),
    ("budgetNote", "Budget", "预算"),
    ("intent", "Intent", "意向"),
    ("expectedClose", "Expected close date", "预计成交日期"),
    ("expectedAmount", "Expected amount", "预计金额"),
    ("date", "Date", "日期"),
    ("amount", "Amount", "金额"),
    ("productOrService", "Product or service", "产品或服务"),
    ("paymentMethod", "Payment method", "付款方式"),
    ("salesperson", "Salesperson", "销售员"),
    ("opportunityId", "Opportunity", "销售机会"),
    ("request", "Service request", "服务请求"),
    ("problem", "Problem", "问题"),
    ("solution", "Solution", "解决方案"),
    ("satisfaction", "Satisfaction", "满意度"),
    ("nextPlan", "Next service plan", "下次服务计划"),
    ("nextPlanAt", "Next service date", "下次服务时间"),
    ("complaint", "Complaint", "投诉"),
    // A segment whose word means something else under `complaint.` (not 客户类别).
    (
        "complaint.category",
        "Complaint – Category",
        "投诉 – 投诉类别",
    ),
    ("complaint.status", "Complaint – Status", "投诉 – 处理状态"),
    ("receivedOn", "Received on", "受理日期"),
    ("severity", "Severity", "严重程度"),
    ("resolvedOn", "Resolved on", "解决日期"),
    ("resolution", "Resolution", "处理结果"),
    ("from", "Current owner", "原负责人"),
    ("to", "New owner", "接手人"),
    ("customerIds", "Customer", "客户"),
    ("owners", "Salesperson", "负责人"),
    ("archivedOwners", "Archived salesperson", "已归档负责人"),
    ("stages", "Stage", "阶段"),
    ("me", "This computer's user", "本机使用者"),
    ("products", "Product", "产品"),
    ("product", "Product", "产品"),
    ("listPrice", "List price", "标价"),
    ("tasks", "Task", "任务"),
    ("dueDays", "Days after entering", "进入后天数"),
    ("assignee", "Assignee", "执行人"),
    ("task.title", "Task", "任务"),
    ("task.due", "Due", "到期时间"),
    ("task.assignee", "Assignee", "执行人"),
    ("targets", "Target", "目标"),
    ("person", "Salesperson", "销售员"),
    ("period", "Period", "期间"),
    ("newCustomers", "New customers", "新客户数"),
    ("followUps", "Follow-ups", "跟进次数"),
];

/// (parent segment, segment, English, Chinese): a segment whose word means something else
/// under that parent (a product's category is not the customer's 客户类别).
const NESTED_LABELS: &[(&str, &str, &str, &str)] = &[
    ("products", "category", "Category", "产品类别"),
    ("tasks", "title", "Name", "名称"),
    ("targets", "amount", "Deal amount", "成交金额"),
    ("targets", "deals", "Deals", "成交数"),
];

fn nested_label(parent: &str, segment: &str, lang: Language) -> Option<String> {
    let parent = parent.split_once('[').map_or(parent, |(k, _)| k);
    NESTED_LABELS
        .iter()
        .find(|(p, k, _, _)| *p == parent && *k == segment)
        .map(|(_, _, en, zh)| (if lang == Language::En { *en } else { *zh }).to_string())
}

fn segment_label(segment: &str, lang: Language) -> String {
    let (key, index) = match segment.split_once('[') {
        Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (segment, None),
    };
    let base = FIELD_LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, zh)| if lang == Language::En { *en } else { *zh })
        .unwrap_or(key);
    match index {
        Some(i) => format!("{base} {}", i + 1),
        None => base.to_string(),
    }
}

/// "contacts[1].email" → "Contact 2 – Email".
pub fn field_label(path: &str, lang: Language) -> String {
    if let Some((_, en, zh)) = FIELD_LABELS.iter().find(|(k, _, _)| *k == path) {
        return (if lang == Language::En { *en } else { *zh }).to_string();
    }
    let segments: Vec<&str> = path.split('.').collect();
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            i.checked_sub(1)
                .and_then(|p| segments.get(p))
                .and_then(|parent| nested_label(parent, s, lang))
                .unwrap_or_else(|| segment_label(s, lang))
        })
        .collect::<Vec<_>>()
        .join(" – ")
}

fn reason_text(reason: &Invalid, lang: Language) -> String {
    let en = lang == Language::En;
    match reason {
        Invalid::Required => (if en { "is required" } else { "不能为空" }).into(),
        Invalid::TooLong { max } => {
            if en {
                format!("is too long (at most {max} characters)")
            } else {
                format!("太长（最多 {max} 个字符）")
            }
        }
        Invalid::TooShort { min } => {
            if en {
                format!("is too short (at least {min} characters)")
            } else {
                format!("太短（至少 {min} 个字符）")
            }
        }
        Invalid::FolderPath => (if en {
            "must be a full folder path (like /media/usb/backups or D:\\Backups)"
        } else {
            "必须是完整的文件夹路径（例如 /media/usb/backups 或 D:\\Backups）"
        })
        .into(),
        Invalid::TooMany { max } => {
            if en {
                format!("has too many entries (at most {max})")
            } else {
                format!("条目太多（最多 {max} 条）")
            }
        }
        Invalid::Email => (if en {
            "is not a valid email address (like name@example.com)"
        } else {
            "不是有效的邮箱地址（例如 name@example.com）"
        })
        .into(),
        Invalid::Phone => (if en {
            "is not a valid phone number (digits, +, spaces, dashes, brackets and an extension like ext. 12)"
        } else {
            "不是有效的电话号码（可含数字、+、空格、短横线、括号和分机号，如 转 12）"
        })
        .into(),
        Invalid::Website => (if en {
            "is not a valid web address"
        } else {
            "不是有效的网址"
        })
        .into(),
        Invalid::Color => (if en {
            "must be a colour like #3b82f6"
        } else {
            "必须是颜色值，例如 #3b82f6"
        })
        .into(),
        Invalid::DateOutOfRange => (if en {
            "must be a date between 1900 and 2100"
        } else {
            "日期须在 1900 年至 2100 年之间"
        })
        .into(),
        Invalid::LostReasonRequired => (if en {
            "is required when the stage is Lost"
        } else {
            "阶段为“流失”时必须填写"
        })
        .into(),
        Invalid::Duplicate => (if en { "is used twice" } else { "重复" }).into(),
        Invalid::Number => (if en { "is not a number" } else { "不是有效数字" }).into(),
        Invalid::Id => (if en { "is not a valid ID" } else { "不是有效的 ID" }).into(),
        Invalid::TimeOutOfRange => (if en {
            "must be a time between 1970 and 2100"
        } else {
            "时间须在 1970 年至 2100 年之间"
        })
        .into(),
        Invalid::BeforeFollowUp => (if en {
            "cannot be before the follow-up itself"
        } else {
            "不能早于本次跟进时间"
        })
        .into(),
        Invalid::UnknownChoice => (if en {
            "is not one of the values offered"
        } else {
            "不是可选的值"
        })
        .into(),
        Invalid::RequiredWhenDone => (if en {
            "is required once the follow-up is done"
        } else {
            "已完成的跟进必须填写"
        })
        .into(),
        Invalid::NotAContact => (if en {
            "is not one of this customer's key contacts"
        } else {
            "不是该客户的联系人"
        })
        .into(),
        Invalid::NotOpen => (if en {
            "is not an open follow-up of this customer"
        } else {
            "不是该客户未完成的跟进"
        })
        .into(),
        Invalid::OutOfRange { min, max } => {
            if en {
                format!("must be between {min} and {max}")
            } else {
                format!("须在 {min} 至 {max} 之间")
            }
        }
        Invalid::Time => (if en {
            "must be a time of day like 09:00"
        } else {
            "须为时刻，例如 09:00"
        })
        .into(),
        Invalid::Amount => (if en {
            "must be an amount greater than 0 and at most 1,000,000,000,000"
        } else {
            "须为大于 0 且不超过 1 万亿的金额"
        })
        .into(),
        Invalid::UnknownOwner => (if en {
            "is not a salesperson in the owner list"
        } else {
            "不在负责人名单中"
        })
        .into(),
        Invalid::ArchivedOwner => (if en {
            "has been archived (left); choose an active salesperson"
        } else {
            "已归档（已离职），请选择在职的负责人"
        })
        .into(),
        Invalid::SameOwner => (if en {
            "must be someone other than the current owner"
        } else {
            "不能与原负责人相同"
        })
        .into(),
        Invalid::NotTheirs => (if en {
            "is not a customer of the salesperson handing over"
        } else {
            "不是原负责人的客户"
        })
        .into(),
        Invalid::UnknownStage => (if en {
            "is not in the pipeline (it was removed in settings)"
        } else {
            "不在当前的阶段列表中（已在设置中删除）"
        })
        .into(),
        Invalid::StageMissing { stage } => {
            let name = crate::stages::builtin_label(*stage, lang);
            if en {
                format!("{name} is missing: a built-in stage can be renamed, not removed")
            } else {
                format!("缺少内置阶段“{name}”（内置阶段可以改名，不能删除）")
            }
        }
        Invalid::ClosingStages => (if en {
            "order must end with Won then Lost"
        } else {
            "最后两个须依次为“成交”和“流失”"
        })
        .into(),
        Invalid::StageNameTaken => (if en {
            "is already the name of another stage"
        } else {
            "与另一个阶段的名称相同"
        })
        .into(),
        Invalid::BeforeReceived => (if en {
            "cannot be before the day the complaint was received"
        } else {
            "不能早于投诉受理日期"
        })
        .into(),
        Invalid::RequiredWhenResolved => (if en {
            "is required once the complaint is resolved"
        } else {
            "投诉已解决时必须填写"
        })
        .into(),
        Invalid::OnlyWhenResolved => (if en {
            "can only be set once the complaint is resolved"
        } else {
            "仅在投诉已解决时填写"
        })
        .into(),
        Invalid::TargetPeriod => (if en {
            "must be a month like 2026-03 or a quarter like 2026-Q1"
        } else {
            "须为月份（如 2026-03）或季度（如 2026-Q1）"
        })
        .into(),
        Invalid::NoTargetFigure => (if en {
            "needs a figure: set at least one of amount, deals, new customers or follow-ups"
        } else {
            "请至少填写一项目标（金额、成交数、新客户数或跟进次数）"
        })
        .into(),
        Invalid::StatusMove { from, to } => {
            let label = |s: &ComplaintStatus| complaint_status_label(*s, lang);
            if en {
                format!("cannot move from “{}” back to “{}”", label(from), label(to))
            } else {
                format!("不能从“{}”退回“{}”", label(from), label(to))
            }
        }
        Invalid::StageInUse {
            name,
            customers,
            opportunities,
        } => {
            if en {
                let of = |n: u32, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                let users = match (*customers, *opportunities) {
                    (c, 0) => of(c, "customer", "customers"),
                    (0, o) => of(o, "opportunity", "opportunities"),
                    (c, o) => format!(
                        "{} and {}",
                        of(c, "customer", "customers"),
                        of(o, "opportunity", "opportunities")
                    ),
                };
                let verb = if customers + opportunities == 1 { "is" } else { "are" };
                format!("“{name}” cannot be removed: {users} (the trash included) {verb} still at it; move them to another stage first")
            } else {
                let users = match (*customers, *opportunities) {
                    (c, 0) => format!("{c} 个客户"),
                    (0, o) => format!("{o} 个销售机会"),
                    (c, o) => format!("{c} 个客户和 {o} 个销售机会"),
                };
                format!("不能删除“{name}”：仍有 {users}（含回收站）处于该阶段，请先将其移到其他阶段")
            }
        }
    }
}

fn entity_name(entity: Entity, lang: Language) -> &'static str {
    match (entity, lang) {
        (Entity::Customer, Language::En) => "customer",
        (Entity::Customer, Language::Zh) => "客户",
        (Entity::Tag, Language::En) => "tag",
        (Entity::Tag, Language::Zh) => "标签",
        (Entity::FollowUp, Language::En) => "follow-up",
        (Entity::FollowUp, Language::Zh) => "跟进记录",
        (Entity::Import, Language::En) => "import",
        (Entity::Import, Language::Zh) => "导入记录",
        (Entity::Opportunity, Language::En) => "opportunity",
        (Entity::Opportunity, Language::Zh) => "销售机会",
        (Entity::Deal, Language::En) => "deal",
        (Entity::Deal, Language::Zh) => "成交记录",
        (Entity::Service, Language::En) => "service record",
        (Entity::Service, Language::Zh) => "售后服务记录",
        (Entity::Task, Language::En) => "task",
        (Entity::Task, Language::Zh) => "阶段任务",
    }
}

/// The error as the user reads it.
/// A team-shared setting's name (`Settings`' JSON key) as the settings screen calls it.
pub fn team_setting_label(setting: &str, lang: Language) -> &str {
    let (en, zh) = match setting {
        "stages" => ("Pipeline stages", "销售阶段"),
        "sources" => ("Customer sources", "客户来源"),
        "lostReasons" => ("Lost reasons", "丢单原因"),
        "schedule" => ("Follow-up schedule", "跟进计划"),
        "products" => ("Products", "产品"),
        "targets" => ("Targets", "目标"),
        other => (other, other),
    };
    if lang == Language::En {
        en
    } else {
        zh
    }
}

pub fn message(error: &CoreError, lang: Language) -> String {
    let en = lang == Language::En;
    match error {
        CoreError::InvalidField { field, reason } => {
            let label = field_label(field, lang);
            let sep = if en { " " } else { "：" };
            format!("{label}{sep}{}", reason_text(reason, lang))
        }
        CoreError::NotFound { entity, id } => {
            if en {
                format!("This {} no longer exists ({id}).", entity_name(*entity, lang))
            } else {
                format!("该{}已不存在（{id}）。", entity_name(*entity, lang))
            }
        }
        CoreError::TagNameTaken { name } => {
            if en {
                format!("A tag named “{name}” already exists. Merge the two tags instead.")
            } else {
                format!("已有名为“{name}”的标签，请改用合并。")
            }
        }
        CoreError::ImportNotUndoable { state, .. } => match (state, en) {
            (ImportState::Undone | ImportState::Undoing, true) => {
                "This import has already been undone.".into()
            }
            (ImportState::Undone | ImportState::Undoing, false) => "该次导入已撤销。".into(),
            (_, true) => "This import is still running; it can be undone once it has finished."
                .into(),
            (_, false) => "该次导入仍在进行中，完成后才能撤销。".into(),
        },
        CoreError::Cancelled => (if en {
            "Cancelled; nothing was changed."
        } else {
            "已取消，未做任何更改。"
        })
        .into(),
        CoreError::Locked => (if en {
            "The customer book is open in another program (perhaps another copy of Rapport). Close it and start Rapport again."
        } else {
            "客户数据正被另一个程序使用（可能是另一个客脉）。请关闭它后重新启动客脉。"
        })
        .into(),
        CoreError::SchemaTooNew { found, supported } => {
            if en {
                format!("This customer book was saved by a newer version of Rapport (format {found}; this version reads up to {supported}). Please update Rapport.")
            } else {
                format!("该客户数据由更新版本的客脉保存（格式 {found}，本版本最高支持 {supported}）。请升级客脉。")
            }
        }
        CoreError::Storage(detail) => {
            if en {
                format!("Could not read or write the customer book: {detail}. Nothing was changed.")
            } else {
                format!("无法读写客户数据：{detail}。未做任何更改。")
            }
        }
        CoreError::NotSaved(trouble) => {
            let why = disk_why(trouble, lang);
            if en {
                format!("{why} The last change may not have been saved. Rapport is now read-only so nothing more is lost: {} then restart Rapport.", disk_fix(trouble, lang))
            } else {
                format!("{why}最后一次更改可能没有保存。为免丢失更多数据，客脉现为只读：{}然后重新启动客脉。", disk_fix(trouble, lang))
            }
        }
        CoreError::ReadOnly(trouble) => {
            let why = disk_why(trouble, lang);
            if en {
                format!("Read-only: an earlier change could not be saved. {why} Nothing was changed now; {} then restart Rapport.", disk_fix(trouble, lang))
            } else {
                format!("只读：之前的更改未能保存。{why}本次未做任何更改；请{}然后重新启动客脉。", disk_fix(trouble, lang))
            }
        }
        CoreError::CannotWrite(trouble) => {
            let why = disk_why(trouble, lang);
            if en {
                format!("{why} Rapport cannot open the book there; nothing was changed: {} then start Rapport again.", disk_fix(trouble, lang))
            } else {
                format!("{why}客脉无法在此打开客户数据，未做任何更改：请{}然后重新启动客脉。", disk_fix(trouble, lang))
            }
        }
        CoreError::RestoreUnfinished(p) => restore_unfinished(p, lang),
        CoreError::Corrupt(detail) => {
            if en {
                format!("The customer book is damaged: {detail}. Restore a backup.")
            } else {
                format!("客户数据已损坏：{detail}。请从备份恢复。")
            }
        }
        CoreError::AdminOnly { setting } => {
            let label = team_setting_label(setting, lang);
            if en {
                format!("“{label}” is set by the team's admin; your change was not saved.")
            } else {
                format!("“{label}”由团队管理员设置，你的修改未保存。")
            }
        }
        CoreError::DemoInTeamBook => if en {
            "Sample data can't be loaded into a team book: the sample customers would be shared with everyone in the team."
        } else {
            "团队客户簿不能加载示例数据：示例客户会同步给团队里的每个人。"
        }
        .into(),
        CoreError::File { zh, en: english, .. } => {
            if en {
                english.clone()
            } else {
                zh.clone()
            }
        }
    }
}

/// What the disk said, in a sentence.
fn disk_why(trouble: &DiskTrouble, lang: Language) -> String {
    let en = lang == Language::En;
    let detail = &trouble.detail;
    match (trouble.problem, en) {
        (DiskProblem::Full, true) => {
            format!("The disk holding the customer book is full ({detail}).")
        }
        (DiskProblem::Full, false) => format!("保存客户数据的磁盘已满（{detail}）。"),
        (DiskProblem::ReadOnly, true) => {
            format!("The folder holding the customer book cannot be written to ({detail}).")
        }
        (DiskProblem::ReadOnly, false) => format!("无法写入保存客户数据的文件夹（{detail}）。"),
        (DiskProblem::Io, true) => format!("Writing the customer book to disk failed ({detail})."),
        (DiskProblem::Io, false) => format!("客户数据写入磁盘失败（{detail}）。"),
    }
}

/// What the user can do about it.
fn disk_fix(trouble: &DiskTrouble, lang: Language) -> &'static str {
    match (trouble.problem, lang == Language::En) {
        (DiskProblem::Full, true) => "free some space on the disk,",
        (DiskProblem::Full, false) => "先释放一些磁盘空间，",
        (DiskProblem::ReadOnly, true) => "make the folder writable again,",
        (DiskProblem::ReadOnly, false) => "先恢复该文件夹的写入权限，",
        (DiskProblem::Io, true) => "check the disk,",
        (DiskProblem::Io, false) => "先检查磁盘，",
    }
}

fn restore_unfinished(p: &RestoreProblem, lang: Language) -> String {
    let en = lang == Language::En;
    let mut out = match (p.detail.is_empty(), en) {
        (true, true) => "Restoring a backup did not finish.".to_string(),
        (true, false) => "上次从备份恢复没有完成。".to_string(),
        (false, true) => format!("Restoring a backup did not finish ({}).", p.detail),
        (false, false) => format!("上次从备份恢复没有完成（{}）。", p.detail),
    };
    out.push_str(if en {
        " Nothing was deleted and no empty book was created."
    } else {
        "没有删除任何数据，也没有新建空的客户数据。"
    });
    if let Some(staged) = &p.staged {
        out.push_str(&if en {
            format!(" The backup being restored: {staged}.")
        } else {
            format!("正在恢复的备份：{staged}。")
        });
    }
    if let Some(old) = p.replaced.first() {
        out.push_str(&if en {
            format!(" The book from before the restore: {old}.")
        } else {
            format!("恢复前的客户数据：{old}。")
        });
    }
    out.push_str(match (p.can_finish, p.can_roll_back, en) {
        (true, true, true) => {
            " Finish the restore to use the backup, or roll back to the book as it was."
        }
        (true, true, false) => "请选择“完成恢复”使用备份中的数据，或“撤销恢复”回到恢复前的数据。",
        (true, false, true) => " Finish the restore to use the backup.",
        (true, false, false) => "请选择“完成恢复”使用备份中的数据。",
        (false, true, true) => " Roll back to the book as it was.",
        (false, true, false) => "请选择“撤销恢复”回到恢复前的数据。",
        (false, false, true) => " Move these folders back by hand or ask for help.",
        (false, false, false) => "请手动移回这些文件夹或寻求帮助。",
    });
    out
}

/// The payload the shell sends to the UI.
pub fn payload(error: &CoreError, lang: Language) -> ErrorPayload {
    ErrorPayload {
        code: error.code().to_string(),
        message: message(error, lang),
        field: error.field(),
    }
}

/// A complaint status as the user reads it (待处理 / 处理中 / 已解决).
pub fn complaint_status_label(status: ComplaintStatus, lang: Language) -> &'static str {
    let en = lang == Language::En;
    match status {
        ComplaintStatus::Open => {
            if en {
                "Open"
            } else {
                "待处理"
            }
        }
        ComplaintStatus::InProgress => {
            if en {
                "In progress"
            } else {
                "处理中"
            }
        }
        ComplaintStatus::Resolved => {
            if en {
                "Resolved"
            } else {
                "已解决"
            }
        }
    }
}
