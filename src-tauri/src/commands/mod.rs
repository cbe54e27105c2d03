pub mod app;
pub mod customers;
pub mod followups;
pub mod notifications;
pub mod tags;
