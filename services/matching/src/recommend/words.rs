//! The reasons of a recommendation in words, in Italian or English: each with a stable code a
//! client can match on and a sentence a shop can read.

use super::rank::{Coverage, ShopContext};
use chrono::NaiveDate;
use connessi_domain::territory::istat;
use connessi_domain::vocab::Term;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    It,
    En,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reason {
    /// Stable: `covers_comune`, `covers_province`, `covers_region`, `national`, `need`,
    /// `sector`, `skill_level`, `language`, `in_person`, `places_left`, `free_period`,
    /// `rated`, `onboarded`; cautions `no_need_met`, `above_skill_level`, `sales_pressure`.
    pub code: &'static str,
    pub text: String,
}

pub struct Words(pub Lang);

fn reason(code: &'static str, text: String) -> Reason {
    Reason { code, text }
}

impl Words {
    fn pick(&self, it: String, en: String) -> String {
        match self.0 {
            Lang::It => it,
            Lang::En => en,
        }
    }

    fn label(&self, term: &Term) -> String {
        match self.0 {
            Lang::It => term.label_it.to_lowercase(),
            Lang::En => term.label_en.to_lowercase(),
        }
    }

    pub fn coverage(&self, coverage: Coverage, shop: &ShopContext) -> Reason {
        let table = istat();
        match coverage {
            Coverage::Comune => {
                let name = table.comuni.get(&shop.comune).map(|c| c.name.as_str());
                let name = name.unwrap_or_default();
                let text = self.pick(
                    format!("disponibile a {name}"),
                    format!("available in {name}"),
                );
                reason("covers_comune", text)
            }
            Coverage::Province => {
                let name = table.provinces.get(&shop.province).map(|p| p.name.as_str());
                let name = name.unwrap_or_default();
                let text = self.pick(
                    format!("copre la provincia di {name}"),
                    format!("covers the province of {name}"),
                );
                reason("covers_province", text)
            }
            Coverage::Region => {
                let name = table.regions.get(&shop.region).map(|r| r.name.as_str());
                let name = name.unwrap_or_default();
                let text = self.pick(format!("copre la regione {name}"), format!("covers {name}"));
                reason("covers_region", text)
            }
            Coverage::National => reason(
                "national",
                self.pick(
                    "disponibile in tutta Italia".into(),
                    "available all over Italy".into(),
                ),
            ),
        }
    }

    pub fn need(&self, term: &Term) -> Reason {
        let label = self.label(term);
        let text = self.pick(
            format!("risponde al tuo bisogno: {label}"),
            format!("matches your need: {label}"),
        );
        reason("need", text)
    }

    pub fn sector(&self, term: &Term) -> Reason {
        let label = self.label(term);
        let text = self.pick(
            format!("pensata per il settore {label}"),
            format!("made for {label}"),
        );
        reason("sector", text)
    }

    pub fn level(&self, term: &Term) -> Reason {
        let label = self.label(term);
        let text = self.pick(
            format!("adatta al tuo livello digitale ({label})"),
            format!("suits your digital skills ({label})"),
        );
        reason("skill_level", text)
    }

    pub fn language(&self, term: &Term) -> Reason {
        let label = self.label(term);
        reason(
            "language",
            self.pick(format!("anche in {label}"), format!("also in {label}")),
        )
    }

    pub fn in_person(&self) -> Reason {
        let text = self.pick(
            "con assistenza di persona vicino a te".into(),
            "in person, near you".into(),
        );
        reason("in_person", text)
    }

    pub fn places_left(&self, left: u32) -> Reason {
        let text = match (self.0, left) {
            (Lang::It, 1) => "1 posto rimasto".to_owned(),
            (Lang::It, n) => format!("{n} posti rimasti"),
            (Lang::En, 1) => "1 place left".to_owned(),
            (Lang::En, n) => format!("{n} places left"),
        };
        reason("places_left", text)
    }

    pub fn free_months(&self, months: u16) -> Reason {
        let text = match (self.0, months) {
            (Lang::It, 1) => "gratuita per 1 mese".to_owned(),
            (Lang::It, n) => format!("gratuita per {n} mesi"),
            (Lang::En, 1) => "free for 1 month".to_owned(),
            (Lang::En, n) => format!("free for {n} months"),
        };
        reason("free_period", text)
    }

    pub fn free_until(&self, until: NaiveDate) -> Reason {
        let date = until.format("%d/%m/%Y");
        reason(
            "free_period",
            self.pick(
                format!("gratuita fino al {date}"),
                format!("free until {date}"),
            ),
        )
    }

    pub fn rated(&self, mean: f64, answers: u64) -> Reason {
        let text = self.pick(
            format!("voto medio {mean:.1}/5 da {answers} negozi"),
            format!("rated {mean:.1}/5 by {answers} shops"),
        );
        reason("rated", text)
    }

    pub fn onboarded(&self, completed: u64) -> Reason {
        let text = self.pick(
            format!("ha già accompagnato {completed} negozi"),
            format!("has onboarded {completed} shops"),
        );
        reason("onboarded", text)
    }

    pub fn no_need_met(&self) -> Reason {
        let text = self.pick(
            "non risponde ai bisogni che hai indicato".into(),
            "meets none of the needs you listed".into(),
        );
        reason("no_need_met", text)
    }

    pub fn above_level(&self, term: &Term) -> Reason {
        let label = self.label(term);
        let text = self.pick(
            format!("richiede un livello digitale più alto ({label})"),
            format!("asks for more digital skills ({label})"),
        );
        reason("above_skill_level", text)
    }

    pub fn sales_pressure(&self, reports: u64) -> Reason {
        let text = self.pick(
            format!("{reports} negozi hanno segnalato pressioni commerciali"),
            format!("{reports} shops reported sales pressure"),
        );
        reason("sales_pressure", text)
    }
}
