//! Italian territory from the ISTAT list of comuni (CC BY 4.0, © ISTAT), embedded in the binary:
//! regions by 2-digit ISTAT code, provinces by car-plate code, comuni by 6-character ISTAT code.

use crate::error::{ErrorCode, ValidationErrors};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

const ISTAT_CSV: &str = include_str!("../data/istat-comuni.csv");

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Region {
    pub code: String,
    pub name: String,
    /// Nord-ovest, Nord-est, Centro, Sud or Isole.
    pub area: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Province {
    /// Car-plate code, e.g. `TV`.
    pub code: String,
    pub name: String,
    pub region_code: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Comune {
    /// ISTAT code, e.g. `026086`.
    pub code: String,
    pub name: String,
    pub province_code: String,
    pub region_code: String,
}

/// The whole ISTAT table, indexed.
#[derive(Debug)]
pub struct Istat {
    pub regions: BTreeMap<String, Region>,
    pub provinces: BTreeMap<String, Province>,
    pub comuni: HashMap<String, Comune>,
    /// Comuni in alphabetical order, for listing and searching by name.
    pub comuni_by_name: Vec<String>,
}

#[derive(Deserialize)]
struct Row {
    istat_code: String,
    name: String,
    province_code: String,
    province_name: String,
    region_code: String,
    region_name: String,
    area: String,
}

/// The embedded table, parsed once.
pub fn istat() -> &'static Istat {
    static TABLE: OnceLock<Istat> = OnceLock::new();
    TABLE.get_or_init(|| parse(ISTAT_CSV))
}

fn parse(csv_text: &str) -> Istat {
    let mut regions = BTreeMap::new();
    let mut provinces = BTreeMap::new();
    let mut comuni = HashMap::new();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for row in reader.deserialize::<Row>() {
        let row = row.expect("the embedded ISTAT table is well formed");
        regions
            .entry(row.region_code.clone())
            .or_insert_with(|| Region {
                code: row.region_code.clone(),
                name: row.region_name.clone(),
                area: row.area.clone(),
            });
        provinces
            .entry(row.province_code.clone())
            .or_insert_with(|| Province {
                code: row.province_code.clone(),
                name: row.province_name.clone(),
                region_code: row.region_code.clone(),
            });
        comuni.insert(
            row.istat_code.clone(),
            Comune {
                code: row.istat_code,
                name: row.name,
                province_code: row.province_code,
                region_code: row.region_code,
            },
        );
    }
    let mut comuni_by_name: Vec<String> = comuni.keys().cloned().collect();
    comuni_by_name.sort_by(|a, b| comuni[a].name.cmp(&comuni[b].name).then(a.cmp(b)));
    Istat {
        regions,
        provinces,
        comuni,
        comuni_by_name,
    }
}

/// Whether a code exists in one list of the ISTAT table.
type CodeCheck<'a> = dyn Fn(&str) -> bool + 'a;

/// Where an offer is available: the whole country, or a set of regions, provinces and comuni.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    #[serde(default)]
    pub national: bool,
    /// 2-digit ISTAT region codes.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Province car-plate codes.
    #[serde(default)]
    pub provinces: Vec<String>,
    /// 6-character ISTAT comune codes.
    #[serde(default)]
    pub comuni: Vec<String>,
}

impl Territory {
    /// True when the offer names no place at all.
    pub fn is_empty(&self) -> bool {
        !self.national
            && self.regions.is_empty()
            && self.provinces.is_empty()
            && self.comuni.is_empty()
    }

    /// Trims and upper-cases the codes, keeping their order (and so the positions errors name).
    pub fn with_canonical_codes(mut self) -> Self {
        for codes in [&mut self.regions, &mut self.provinces, &mut self.comuni] {
            for code in codes.iter_mut() {
                *code = code.trim().to_ascii_uppercase();
            }
        }
        self
    }

    /// Canonical, sorted and deduplicated codes; a national offer lists no places.
    pub fn normalized(self) -> Self {
        let mut this = self.with_canonical_codes();
        for codes in [&mut this.regions, &mut this.provinces, &mut this.comuni] {
            codes.sort();
            codes.dedup();
            if this.national {
                codes.clear();
            }
        }
        this
    }

    /// Every code must exist in the ISTAT table.
    pub fn validate(&self, errors: &mut ValidationErrors, prefix: &str) {
        let table = istat();
        let known_region = |c: &str| table.regions.contains_key(c);
        let known_province = |c: &str| table.provinces.contains_key(c);
        let known_comune = |c: &str| table.comuni.contains_key(c);
        let lists: [(&str, &Vec<String>, &CodeCheck<'_>); 3] = [
            ("regions", &self.regions, &known_region),
            ("provinces", &self.provinces, &known_province),
            ("comuni", &self.comuni, &known_comune),
        ];
        for (name, codes, known) in lists {
            if codes.len() > 500 {
                errors.add(
                    format!("{prefix}.{name}"),
                    ErrorCode::InvalidLength,
                    "at most 500 codes",
                );
                continue;
            }
            for (index, code) in codes.iter().enumerate() {
                if !known(code) {
                    errors.add(
                        format!("{prefix}.{name}[{index}]"),
                        ErrorCode::UnknownTerritory,
                        format!(
                            "`{}` is not an ISTAT {} code",
                            truncate(code),
                            singular(name)
                        ),
                    );
                }
            }
        }
    }

    /// Whether a shop in this comune is covered: national, or its comune, province or region.
    pub fn covers_comune(&self, comune_code: &str) -> bool {
        if self.national {
            return true;
        }
        let Some(comune) = istat().comuni.get(comune_code) else {
            return false;
        };
        self.comuni.iter().any(|c| c == &comune.code)
            || self.provinces.iter().any(|p| p == &comune.province_code)
            || self.regions.iter().any(|r| r == &comune.region_code)
    }
}

fn singular(list: &str) -> &'static str {
    match list {
        "regions" => "region",
        "provinces" => "province (car-plate)",
        _ => "comune",
    }
}

fn truncate(code: &str) -> String {
    code.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_has_every_comune_province_and_region() {
        let table = istat();
        assert_eq!(table.comuni.len(), 7896);
        assert_eq!(table.regions.len(), 20);
        assert!(table.provinces.len() >= 100);
        let treviso = &table.comuni["026086"];
        assert_eq!(treviso.name, "Treviso");
        assert_eq!(treviso.province_code, "TV");
        assert_eq!(table.regions[&treviso.region_code].name, "Veneto");
    }

    #[test]
    fn a_comune_is_covered_by_its_province_region_or_a_national_offer() {
        let by_province = Territory {
            provinces: vec!["TV".into()],
            ..Default::default()
        };
        let by_region = Territory {
            regions: vec!["05".into()],
            ..Default::default()
        };
        let national = Territory {
            national: true,
            ..Default::default()
        };
        let elsewhere = Territory {
            comuni: vec!["072006".into()],
            ..Default::default()
        };
        for covering in [&by_province, &by_region, &national] {
            assert!(covering.covers_comune("026086"));
        }
        assert!(!elsewhere.covers_comune("026086"));
    }

    #[test]
    fn unknown_codes_are_reported_with_their_position() {
        let territory = Territory {
            provinces: vec!["TV".into(), "XX".into()],
            comuni: vec!["999999".into()],
            ..Default::default()
        };
        let mut errors = ValidationErrors::default();
        territory.validate(&mut errors, "territory");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["territory.provinces[1]", "territory.comuni[0]"]);
        assert_eq!(errors.summary_code(), ErrorCode::UnknownTerritory);
    }
}
