//! Everything that crosses the boundary to the UI. TypeScript types are generated from these
//! structs by ts-rs into `ui/src/lib/bindings/` (see `tests/bindings.rs`).
mod app_info;
mod customer;
mod enums;
mod query;
mod settings;
mod tag;

pub use app_info::AppInfo;
pub use customer::{
    Contact, CustomField, CustomValue, Customer, CustomerFields, CustomerInput, Needs,
};
pub use enums::{Category, CustomerKind, DecisionRole, Language, Priority, Stage};
pub use query::{CustomerRow, ListPage, ListQuery, SortField, TagMode};
pub use settings::{Settings, DEFAULT_SOURCES};
pub use tag::{Tag, TagInfo};
