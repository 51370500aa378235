//! Turn text into structure, leniently: keep raw values, record what was odd as findings,
//! never stop at the first problem. Judging is the rules' job.

pub mod client_error;
pub mod error_body;
pub mod js;
pub mod jwt;
pub mod request;
pub mod time;
