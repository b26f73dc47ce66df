//! Questionnaires as staff see them: every version with its items, scales and factors, for
//! reading and export by anyone signed in; importing a version, or drafting the next version
//! of one, for those who manage questionnaires. A version with responses is frozen.

use std::sync::Arc;

use domain::access::Permission;
use domain::instruments::{Instrument, InstrumentKey};
use domain::text::Lang;
use store::{InstrumentRecord, InstrumentSync, StoreError};

use super::Staff;
use crate::{AppError, Result};

/// The format of an imported or exported questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstrumentFormat {
    Toml,
    Json,
}

/// What importing a version did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstrumentImported {
    Added,
    /// The version existed without responses and was replaced.
    Replaced,
    Unchanged,
}

impl Staff {
    /// Every version, newest version of each code first.
    pub async fn instruments(&self) -> Result<Vec<InstrumentRecord>> {
        let mut all = self.app().instruments().await?;
        all.sort_by(|a, b| {
            (a.instrument.code(), std::cmp::Reverse(a.instrument.version()))
                .cmp(&(b.instrument.code(), std::cmp::Reverse(b.instrument.version())))
        });
        Ok(all)
    }

    /// `PKS05@1`.
    pub async fn instrument_version(&self, key: &str) -> Result<InstrumentRecord> {
        match InstrumentKey::parse(key) {
            Some((_, Some(_))) => self.app().find_instrument(key).await,
            _ => Err(AppError::NotFound(format!("phiếu khảo sát {key}"))),
        }
    }

    /// Checks a questionnaire file and stores it as a new version (or replaces a version that
    /// nobody has answered yet).
    pub async fn import_instrument(
        &self,
        source: &str,
        format: InstrumentFormat,
    ) -> Result<(InstrumentKey, InstrumentImported)> {
        self.require(Permission::ManageInstruments)?;
        let parsed = match format {
            InstrumentFormat::Toml => Instrument::from_toml(source),
            InstrumentFormat::Json => Instrument::from_json(source),
        };
        let instrument = parsed.map_err(|errors| {
            let list: Vec<String> = errors.iter().map(|e| e.message(Lang::Vi)).collect();
            AppError::invalid(format!("phiếu khảo sát không hợp lệ: {}", list.join("; ")))
        })?;
        let key = instrument.key();
        let synced = self.app().store().sync_instrument(Arc::new(instrument), self.app().now()).await;
        let imported = match synced {
            Ok(InstrumentSync::Added(_)) => InstrumentImported::Added,
            Ok(InstrumentSync::Replaced(_)) => InstrumentImported::Replaced,
            Ok(InstrumentSync::Unchanged(_)) => InstrumentImported::Unchanged,
            Err(StoreError::Frozen { code, version }) => {
                return Err(AppError::Conflict(format!(
                    "phiếu {code}@{version} đã có phiếu trả lời nên không sửa được (kết quả cũ phải giữ nguyên ý nghĩa); \
                     hãy tạo phiên bản mới {code}@{}",
                    version + 1
                )));
            }
            Err(e) => return Err(e.into()),
        };
        self.app().forget_cached_lookups();
        if imported != InstrumentImported::Unchanged {
            let action = if imported == InstrumentImported::Added { "instrument.add" } else { "instrument.replace" };
            self.audit(action, &key.to_string(), "").await?;
        }
        Ok((key, imported))
    }

    /// The TOML of the next version of `key` (the newest version plus one), to edit and import.
    pub async fn draft_next_version(&self, key: &str) -> Result<String> {
        self.require(Permission::ManageInstruments)?;
        let record = self.instrument_version(key).await?;
        let code = record.instrument.code().to_owned();
        let newest = self.app().find_instrument(&code).await?;
        let mut def = record.instrument.def().clone();
        def.version = newest.instrument.version() + 1;
        let next = Instrument::new(def).map_err(|_| AppError::invalid("không tạo được phiên bản mới"))?;
        Ok(next.to_toml())
    }
}
