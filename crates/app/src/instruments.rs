//! The questionnaires: the three shipped in `instruments/` (compiled into the binary), plus any
//! in the configured folder. All are validated and stored at start-up; a file that does not
//! validate stops the start with every problem listed.

use std::path::Path;
use std::sync::Arc;

use domain::instruments::{Instrument, InstrumentKey};
use domain::text::Lang;
use store::{InstrumentRecord, InstrumentSync, StoreError};

use crate::{App, AppError, Result};

/// The shipped questionnaires, by file name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("pks05.toml", include_str!("../../../instruments/pks05.toml")),
    ("sipas-mc.toml", include_str!("../../../instruments/sipas-mc.toml")),
    ("mc-11.toml", include_str!("../../../instruments/mc-11.toml")),
];

fn parse(name: &str, source: &str) -> Result<Instrument> {
    Instrument::from_toml(source).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| format!("  - {}", e.message(Lang::Vi))).collect();
        AppError::Config(format!("phiếu khảo sát {name} không hợp lệ:\n{}", list.join("\n")))
    })
}

/// The shipped instruments, validated.
pub fn shipped() -> Result<Vec<Instrument>> {
    SHIPPED.iter().map(|(name, source)| parse(name, source)).collect()
}

/// Every `*.toml` file of `dir`, validated, in file-name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Instrument>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| AppError::Config(format!("không đọc được thư mục {}: {e}", dir.display())))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path)
                .map_err(|e| AppError::Config(format!("không đọc được {}: {e}", path.display())))?;
            parse(&path.display().to_string(), &source)
        })
        .collect()
}

impl App {
    /// Stores every configured instrument version, or checks it against the stored one.
    pub(crate) async fn sync_instruments(&self) -> Result<()> {
        let mut all = shipped()?;
        if let Some(dir) = &self.config().instruments_dir {
            all.extend(load_dir(dir)?);
        }
        let mut seen = std::collections::HashSet::new();
        for instrument in all {
            let key = instrument.key();
            if !seen.insert(key.clone()) {
                return Err(AppError::Config(format!("phiếu {key} được khai báo hai lần")));
            }
            match self.store().sync_instrument(Arc::new(instrument), self.now()).await {
                Ok(InstrumentSync::Added(_)) => tracing::info!(instrument = %key, "stored a new instrument version"),
                Ok(InstrumentSync::Replaced(_)) => {
                    tracing::info!(instrument = %key, "updated an unanswered instrument version")
                }
                Ok(InstrumentSync::Unchanged(_)) => {}
                Err(StoreError::Frozen { code, version }) => {
                    return Err(AppError::Config(format!(
                        "phiếu {code}@{version} đã có câu trả lời nên không được sửa; hãy tạo phiên bản mới (version = {})",
                        version + 1
                    )));
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.caches().instruments.clear();
        Ok(())
    }

    pub async fn instruments(&self) -> Result<Vec<InstrumentRecord>> {
        Ok(self.store().instruments().await?)
    }

    /// An instrument version by id, cached: a version's content cannot change once answered.
    pub async fn instrument(&self, id: i64) -> Result<InstrumentRecord> {
        let cached = match self.caches().instruments.get(&id) {
            Some(found) => found,
            None => {
                let found = Arc::new(self.store().instrument(id).await?);
                self.caches().instruments.put(id, found.clone());
                found
            }
        };
        match &*cached {
            Some(record) => Ok(record.clone()),
            None => Err(AppError::NotFound(format!("phiếu khảo sát số {id}"))),
        }
    }

    /// `PKS05` (the newest version) or `PKS05@1`.
    pub async fn find_instrument(&self, wanted: &str) -> Result<InstrumentRecord> {
        let (code, version) = InstrumentKey::parse(wanted)
            .ok_or_else(|| AppError::invalid(format!("\"{wanted}\" không phải mã phiếu (ví dụ PKS05 hoặc PKS05@1)")))?;
        let all = self.store().instruments().await?;
        all.into_iter()
            .filter(|r| r.instrument.code() == code && version.is_none_or(|v| r.instrument.version() == v))
            .max_by_key(|r| r.instrument.version())
            .ok_or_else(|| AppError::NotFound(format!("phiếu khảo sát {wanted}")))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_instruments_validate() {
        let all = super::shipped().unwrap();
        let codes: Vec<_> = all.iter().map(|i| i.code()).collect();
        assert_eq!(codes, ["PKS05", "SIPAS-MC", "MC-11"]);
    }
}
