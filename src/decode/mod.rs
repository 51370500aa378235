//! Turn text into structure, leniently: keep raw values, record what was odd as findings,
//! never stop at the first problem. Judging is the rules' job.

pub mod error_body;
pub mod jwt;
pub mod request;
pub mod time;
