//! Everything that crosses the boundary to the UI. TypeScript types are generated from these
//! structs by ts-rs into `ui/src/lib/bindings/` (`cargo test -p rapport-core export_bindings`
//! writes them; `npm test` fails when the committed ones are stale).
mod agenda;
mod analytics;
mod app_info;
mod backup;
mod customer;
mod enums;
mod followup;
mod handover;
mod import;
mod import_preview;
mod pipeline;
mod query;
mod records;
mod reminder;
mod settings;
mod table;
mod tag;
mod targets;
mod task;
mod team;
mod team_audit;

pub use agenda::{
    Agenda, AgendaItem, AgendaQuery, AgendaSection, ComplaintItem, ComplaintSection, KeyDateItem,
    KeyDateKind, KeyDateSection, NoNextStep, ServicePlanItem, ServicePlanSection,
};
pub use analytics::{
    AfterSales, AnalyticsQuery, CategoryAmount, ChannelStat, ComplaintStats, Dashboard, DealStats,
    FollowUpActivity, Funnel, FunnelStage, IndustryAmount, MethodCount, MonthTotal, OwnerCount,
    ProductAmount, ProductCategoryAmount, ProductStats, ReasonCount, StageConversion, TopCustomer,
};
pub use app_info::{AppInfo, DamagedBook};
pub use backup::{
    BackupInfo, BackupProblem, BackupReason, BackupRetention, BackupStatus, RestoreProblem,
};
pub use customer::{
    Contact, CustomField, CustomValue, Customer, CustomerFields, CustomerInput, Needs,
};
pub use enums::{Category, CustomerKind, DecisionRole, Language, Priority, Stage};
pub use followup::{
    FollowUp, FollowUpInput, FollowUpMethod, FollowUpSuggestion, HistoryChange, HistoryEvent,
    NeedField, Snooze, TimelineEntry,
};
pub use handover::{HandoverRequest, HandoverResult, OwnerInfo};
pub use import::{ImportRecord, ImportState, PickedFile};
pub use import_preview::{
    ImportAssumption, ImportBookSummary, ImportColumn, ImportOptions, ImportPreview,
    ImportPreviewCustomer, ImportProgress, ImportRequest, ImportRowError, ImportSheet,
    ImportSkippedRow,
};
pub use pipeline::{Board, BoardCard, BoardColumn, BoardQuery};
pub use query::{ContactFilter, CustomerRow, ListPage, ListQuery, SortField, TagMode};
pub use records::{
    Complaint, ComplaintCategory, ComplaintInput, ComplaintSeverity, ComplaintStatus, Deal,
    DealConflict, DealConflictFields, DealInput, DealSaved, Opportunity, OpportunityInput,
    PaymentMethod, RecordWarning, ServiceInput, ServiceRecord,
};
pub use reminder::{Notice, NotificationStatus, Reminder, ReminderKind};
pub use settings::{
    default_stages, default_untouched_days, CategoryPriorities, Product, ReminderSettings,
    ScheduleSettings, Settings, StageSetting, DEFAULT_LOST_REASONS, DEFAULT_SOURCES,
};
pub use table::{TableCell, TableExport};
pub use tag::{Tag, TagInfo};
pub use targets::{
    Performance, PerformanceFigures, PerformanceQuery, PerformanceRow, SalesTarget, TargetFigures,
    TargetPeriodKind, Viewer, ViewerRole,
};
pub use task::{PersonTasks, Task, TaskInput, TaskItem, TaskPatch, TaskSection, TaskTemplate};
pub use team::{
    AddedPerson, JoinCounts, RefusedChange, SyncProgress, SyncState, TeamInfo, TeamLogin, TeamMe,
    TeamNotice, TeamNoticeKind, TeamPeople, TeamPerson,
};
pub use team_audit::{AuditEntry, AuditPage, DealConflictItem};
