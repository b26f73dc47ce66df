//! Breakdowns of a campaign's results by channel, by day, by field of procedure and by each
//! respondent field: for each value, responses, % satisfied pooled over the rating questions
//! and the factor indices.
//!
//! The tallies cannot give these (they count each question apart, never "level 5 on c1 from
//! someone aged 25–34"), and a tally per dimension at ingest would multiply the citizen path's
//! writes. So a breakdown recounts the scope's stored responses in one streaming pass, a page
//! at a time, folding each response into its *profile* (channel, day and every respondent
//! answer): a few thousand profiles at most, from which every dimension is summed. The
//! profiles are cached until a response arrives at one of the scope's points.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use domain::answers::Answer;
use domain::campaigns::Channel;
use domain::index::{self, LevelCounts, Proportion};
use domain::indices::{self, Indices};
use domain::instruments::{FIELD_OF_PROCEDURE, Instrument, ItemKind};
use domain::results::View;
use domain::text::Lang;
use jiff::civil::Date;

use crate::results::CampaignResults;
use crate::{App, AppError, Result};

/// Responses read per page of the recount.
const PAGE: i64 = 5_000;

/// What responses are grouped by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dimension {
    Channel,
    Day,
    /// A respondent field (a choice question) by its code; the field of procedure is one.
    Question(String),
}

impl Dimension {
    /// `channel`, `day`, `field` (the field of procedure) or a choice question's code.
    pub fn parse(raw: &str, instrument: &Instrument) -> Result<Dimension> {
        let question = |code: &str| match instrument.item(code) {
            Some(item) if item.kind == ItemKind::Choice => Ok(Dimension::Question(code.to_owned())),
            _ => {
                Err(AppError::invalid(format!("mẫu phiếu {} không có câu hỏi thông tin \"{code}\"", instrument.code())))
            }
        };
        match raw {
            "channel" | "" => Ok(Dimension::Channel),
            "day" => Ok(Dimension::Day),
            "field" => question(FIELD_OF_PROCEDURE)
                .map_err(|_| AppError::invalid(format!("mẫu phiếu {} không hỏi lĩnh vực thủ tục", instrument.code()))),
            code => question(code),
        }
    }

    /// Every dimension the instrument allows: channel, day, then its respondent fields.
    pub fn all(instrument: &Instrument) -> Vec<Dimension> {
        let mut all = vec![Dimension::Channel, Dimension::Day];
        all.extend(
            instrument.items().filter(|i| i.kind == ItemKind::Choice).map(|i| Dimension::Question(i.code.clone())),
        );
        all
    }

    /// The value of `?by=`: `field` for the field of procedure.
    pub fn param(&self) -> &str {
        match self {
            Dimension::Channel => "channel",
            Dimension::Day => "day",
            Dimension::Question(code) if code == FIELD_OF_PROCEDURE => "field",
            Dimension::Question(code) => code,
        }
    }

    pub fn label(&self, instrument: &Instrument, lang: Lang) -> String {
        match (self, lang) {
            (Dimension::Channel, Lang::Vi) => "Kênh".into(),
            (Dimension::Channel, Lang::En) => "Channel".into(),
            (Dimension::Day, Lang::Vi) => "Ngày".into(),
            (Dimension::Day, Lang::En) => "Day".into(),
            (Dimension::Question(code), _) => {
                instrument.item(code).map_or_else(|| code.clone(), |item| instrument.short_label(item, lang).to_owned())
            }
        }
    }
}

/// One value of a dimension: a channel, a day, an answer to a respondent field, or no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    Channel(Channel),
    Day(Date),
    Answer(u8),
    /// The respondent left the field blank.
    Blank,
}

impl Value {
    /// The value as exports and the API name it: `qr`, `2024-07-10`, `3`, or empty for blank.
    pub fn code(&self) -> String {
        match self {
            Value::Channel(c) => c.as_str().to_owned(),
            Value::Day(d) => d.to_string(),
            Value::Answer(level) => level.to_string(),
            Value::Blank => String::new(),
        }
    }

    pub fn label(&self, dimension: &Dimension, instrument: &Instrument, lang: Lang) -> String {
        match (self, dimension) {
            (Value::Channel(c), _) => c.label(lang).to_owned(),
            (Value::Day(d), _) => domain::time::format_date_vi(*d),
            (Value::Answer(level), Dimension::Question(code)) => instrument
                .item(code)
                .and_then(|item| instrument.level_label(item, *level, lang))
                .map_or_else(|| level.to_string(), str::to_owned),
            (Value::Answer(level), _) => level.to_string(),
            (Value::Blank, _) => match lang {
                Lang::Vi => "Không trả lời".into(),
                Lang::En => "No answer".into(),
            },
        }
    }
}

/// The figures of the responses sharing one value.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownRow {
    pub value: Value,
    pub responses: u64,
    /// Formula `pooled-items`, as for a point.
    pub satisfied: Proportion,
    pub indices: Indices,
}

/// The responses of one scope folded into profiles, from which every dimension is summed.
#[derive(Debug, Default)]
pub struct Profiles {
    /// Respondent fields in the instrument's order: the positions of `Profile::answers`.
    fields: Vec<String>,
    groups: HashMap<Profile, Group>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Profile {
    channel: Channel,
    day: Date,
    answers: Vec<Option<u8>>,
}

#[derive(Debug, Clone, Default)]
struct Group {
    responses: u64,
    counts: BTreeMap<String, LevelCounts>,
}

impl Group {
    fn add(&mut self, other: &Group) {
        self.responses += other.responses;
        for (item, levels) in &other.counts {
            let into = self.counts.entry(item.clone()).or_default();
            for (level, n) in levels {
                *into.entry(*level).or_default() += n;
            }
        }
    }
}

impl Profiles {
    /// Responses counted.
    pub fn responses(&self) -> u64 {
        self.groups.values().map(|g| g.responses).sum()
    }

    /// Distinct profiles (for benchmarks: what the cache holds).
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Valid-answer counts per rating item and level over every response (equal to the
    /// tallies of the same points).
    pub fn counts(&self) -> BTreeMap<String, LevelCounts> {
        let mut all = Group::default();
        for group in self.groups.values() {
            all.add(group);
        }
        all.counts
    }

    /// The rows of one dimension, in the order of its values (channels as listed, days in
    /// order, answers by level, no answer last).
    pub fn by(&self, dimension: &Dimension, instrument: &Instrument) -> Vec<BreakdownRow> {
        let position = match dimension {
            Dimension::Question(code) => self.fields.iter().position(|f| f == code),
            _ => None,
        };
        let mut sums: BTreeMap<Value, Group> = BTreeMap::new();
        for (profile, group) in &self.groups {
            let value = match dimension {
                Dimension::Channel => Value::Channel(profile.channel),
                Dimension::Day => Value::Day(profile.day),
                Dimension::Question(_) => position.and_then(|p| profile.answers[p]).map_or(Value::Blank, Value::Answer),
            };
            sums.entry(value).or_default().add(group);
        }
        sums.into_iter()
            .map(|(value, group)| BreakdownRow {
                value,
                responses: group.responses,
                satisfied: index::pooled_satisfaction(instrument, &group.counts),
                indices: indices::compute(instrument, &group.counts),
            })
            .collect()
    }
}

/// A campaign's results for a scope and its profiles, ready to be broken down any way.
#[derive(Debug, Clone)]
pub struct Breakdowns {
    pub results: CampaignResults,
    pub profiles: Arc<Profiles>,
}

impl Breakdowns {
    pub fn instrument(&self) -> &Instrument {
        &self.results.instrument.instrument
    }

    pub fn dimensions(&self) -> Vec<Dimension> {
        Dimension::all(self.instrument())
    }

    pub fn by(&self, dimension: &Dimension) -> Vec<BreakdownRow> {
        self.profiles.by(dimension, self.instrument())
    }
}

/// What a cached recount was made of: the campaign, its points and how many responses they had.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ProfileKey {
    campaign: i64,
    points: Vec<i64>,
    view: View,
}

impl App {
    /// The results of `results`' points broken down: profiles recounted from the stored
    /// responses, or from the cache while no response has arrived at those points since.
    pub(crate) async fn breakdowns_of(&self, results: CampaignResults) -> Result<Breakdowns> {
        let mut points: Vec<i64> = results.points.iter().map(|p| p.point.id).collect();
        points.sort_unstable();
        let key = ProfileKey { campaign: results.campaign.id, points: points.clone(), view: results.view };
        let responses = results.responses;
        if let Some(cached) = self.caches().profiles.get(&key)
            && cached.0 == responses
        {
            return Ok(Breakdowns { profiles: cached.1.clone(), results });
        }
        let profiles = Arc::new(self.recount_profiles(&results, points.into_iter().collect()).await?);
        self.caches().profiles.put(key, Arc::new((responses, profiles.clone())));
        Ok(Breakdowns { results, profiles })
    }

    /// One pass over a campaign's stored responses that `results.view` counts, keeping those
    /// at `points`.
    pub async fn recount_profiles(&self, results: &CampaignResults, points: HashSet<i64>) -> Result<Profiles> {
        let instrument = &results.instrument.instrument;
        let fields: Vec<String> =
            instrument.items().filter(|i| i.kind == ItemKind::Choice).map(|i| i.code.clone()).collect();
        let rating: HashSet<&str> = instrument.rating_items().map(|i| i.code.as_str()).collect();
        let mut groups: HashMap<Profile, Group> = HashMap::new();
        let mut after = 0;
        loop {
            let page = self.store().responses_page(results.campaign.id, after, PAGE, results.view).await?;
            let last = page.len() < PAGE as usize;
            after = page.last().map_or(after, |r| r.id);
            for response in page.into_iter().filter(|r| points.contains(&r.point_id)) {
                let mut answers = response.answers.0;
                let profile = Profile {
                    channel: response.channel,
                    day: response.day,
                    answers: fields
                        .iter()
                        .map(|f| match answers.remove(f) {
                            Some(Answer::Level(level)) => Some(level),
                            _ => None,
                        })
                        .collect(),
                };
                let group = groups.entry(profile).or_default();
                group.responses += 1;
                for (item, answer) in answers {
                    if let (Answer::Level(level), true) = (answer, rating.contains(item.as_str())) {
                        *group.counts.entry(item).or_default().entry(level).or_default() += 1;
                    }
                }
            }
            if last {
                break;
            }
        }
        Ok(Profiles { fields, groups })
    }
}
