pub mod app;
pub mod customers;
pub mod tags;
