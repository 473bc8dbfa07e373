//! Where an offer is available, in terms every backend indexes the same way: territory keys
//! that a place filter matches against, and the regions an offer counts in for the region
//! facet.

use crate::document::OfferDocument;
use connessi_domain::territory::istat;

/// Days since 1 January of year 1, the unit of dates in indexes.
pub fn day_number(date: chrono::NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date))
}

/// The territory keys a place filter matches against (see `Filters::territory`).
pub fn territory_keys(document: &OfferDocument) -> Vec<String> {
    let table = istat();
    let territory = &document.territory;
    let mut keys = Vec::new();
    if territory.national {
        keys.push("IT".to_owned());
    }
    keys.extend(territory.regions.iter().map(|r| format!("R:{r}")));
    for province in &territory.provinces {
        keys.push(format!("P:{province}"));
        if let Some(p) = table.provinces.get(province) {
            keys.push(format!("in:R:{}", p.region_code));
        }
    }
    for comune in &territory.comuni {
        keys.push(format!("C:{comune}"));
        if let Some(c) = table.comuni.get(comune) {
            keys.push(format!("in:P:{}", c.province_code));
            keys.push(format!("in:R:{}", c.region_code));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The keys an offer must have one of to serve `place` (comune, province or region code).
pub fn keys_serving(place: &str) -> Option<Vec<String>> {
    let table = istat();
    if let Some(c) = table.comuni.get(place) {
        return Some(vec![
            "IT".into(),
            format!("R:{}", c.region_code),
            format!("P:{}", c.province_code),
            format!("C:{}", c.code),
        ]);
    }
    if let Some(p) = table.provinces.get(place) {
        return Some(vec![
            "IT".into(),
            format!("R:{}", p.region_code),
            format!("P:{}", p.code),
            format!("in:P:{}", p.code),
        ]);
    }
    if table.regions.contains_key(place) {
        return Some(vec![
            "IT".into(),
            format!("R:{place}"),
            format!("in:R:{place}"),
        ]);
    }
    None
}

/// Regions where the offer is available (2-digit ISTAT codes, sorted): all for a national
/// offer, else every region it names or contains a place of.
pub fn regions(document: &OfferDocument) -> Vec<String> {
    if document.territory.national {
        return istat().regions.keys().cloned().collect();
    }
    let mut codes: Vec<String> = territory_keys(document)
        .iter()
        .filter_map(|key| key.strip_prefix("R:").or_else(|| key.strip_prefix("in:R:")))
        .filter(|code| istat().regions.contains_key(*code))
        .map(str::to_owned)
        .collect();
    codes.sort();
    codes.dedup();
    codes
}
