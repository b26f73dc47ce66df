//! What the XLSX downloads hold, as the `documents` crate takes it: the responses sheet and
//! its codebook, the results tables and their breakdowns. The workbooks are in Vietnamese, as
//! the province's reports are, whatever the language of the page they were downloaded from.

pub mod breakdowns;
pub mod responses;
pub mod results;
