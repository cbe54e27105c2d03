pub mod app;
pub mod backups;
pub mod customers;
pub mod export;
pub mod followups;
pub mod import;
pub mod notifications;
pub mod tags;
