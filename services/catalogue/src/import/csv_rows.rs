//! Offers as CSV rows: one offer per row, lists separated by `;`, the first row naming the
//! columns (any order; unknown columns refuse the whole file so a typo is not silently lost).

use connessi_domain::offer::{AfterFreePeriod, FreePeriod, Localized, Onboarding};
use connessi_domain::territory::Territory;
use connessi_domain::{ErrorCode, FieldError, OfferContent};
use serde::Deserialize;

/// The columns a file may have.
pub const COLUMNS: &[&str] = &[
    "title_it",
    "title_en",
    "description_it",
    "description_en",
    "categories",
    "sectors",
    "national",
    "regions",
    "provinces",
    "comuni",
    "delivery_mode",
    "format",
    "skill_level",
    "languages",
    "free_of_charge_confirmed",
    "free_period_months",
    "free_period_until",
    "price_after",
    "monthly_price_cents",
    "minimum_commitment_months",
    "data_export",
    "capacity",
    "onboarding_description",
    "onboarding_duration_days",
    "available_until",
];

/// The header line and one offer as an example, the file the import page offers to start from.
pub fn template() -> String {
    let example = [
        ("title_it", "Negozio online per la bottega"),
        (
            "description_it",
            "Un negozio online pronto in un giorno: catalogo, pagamenti e spedizioni.",
        ),
        ("categories", "ecommerce"),
        ("sectors", "retail;crafts"),
        ("national", "false"),
        ("provinces", "TV"),
        ("delivery_mode", "online"),
        ("format", "software_service"),
        ("skill_level", "base"),
        ("languages", "it"),
        ("free_of_charge_confirmed", "true"),
        ("free_period_months", "6"),
        ("price_after", "19 € al mese + IVA"),
        ("monthly_price_cents", "1900"),
        ("minimum_commitment_months", "0"),
        (
            "data_export",
            "Esportazione dei prodotti e degli ordini in CSV in ogni momento.",
        ),
        ("capacity", "50"),
        (
            "onboarding_description",
            "Una videochiamata per configurare il negozio.",
        ),
        ("onboarding_duration_days", "7"),
    ];
    let row: Vec<&str> = COLUMNS
        .iter()
        .map(|column| {
            example
                .iter()
                .find(|(c, _)| c == column)
                .map_or("", |(_, v)| *v)
        })
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = out
        .write_record(COLUMNS)
        .and_then(|()| out.write_record(&row));
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[derive(Debug, Deserialize)]
struct Row {
    title_it: String,
    #[serde(default)]
    title_en: Option<String>,
    description_it: String,
    #[serde(default)]
    description_en: Option<String>,
    categories: String,
    #[serde(default)]
    sectors: String,
    #[serde(default)]
    national: Option<bool>,
    #[serde(default)]
    regions: String,
    #[serde(default)]
    provinces: String,
    #[serde(default)]
    comuni: String,
    delivery_mode: String,
    format: String,
    skill_level: String,
    languages: String,
    #[serde(default)]
    free_of_charge_confirmed: Option<bool>,
    #[serde(default)]
    free_period_months: Option<u16>,
    #[serde(default)]
    free_period_until: Option<chrono::NaiveDate>,
    price_after: String,
    #[serde(default)]
    monthly_price_cents: Option<u32>,
    #[serde(default)]
    minimum_commitment_months: Option<u16>,
    data_export: String,
    #[serde(default)]
    capacity: Option<u32>,
    onboarding_description: String,
    onboarding_duration_days: u16,
    #[serde(default)]
    available_until: Option<chrono::NaiveDate>,
}

fn list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl From<Row> for OfferContent {
    fn from(row: Row) -> Self {
        OfferContent {
            title: Localized {
                it: row.title_it,
                en: text(row.title_en),
            },
            description: Localized {
                it: row.description_it,
                en: text(row.description_en),
            },
            categories: list(&row.categories),
            sectors: list(&row.sectors),
            territory: Territory {
                national: row.national.unwrap_or(false),
                regions: list(&row.regions),
                provinces: list(&row.provinces),
                comuni: list(&row.comuni),
            },
            delivery_mode: row.delivery_mode.trim().to_owned(),
            format: row.format.trim().to_owned(),
            skill_level: row.skill_level.trim().to_owned(),
            languages: list(&row.languages),
            free_of_charge_confirmed: row.free_of_charge_confirmed.unwrap_or(false),
            free_period: FreePeriod {
                months: row.free_period_months,
                until: row.free_period_until,
            },
            after_free_period: AfterFreePeriod {
                price: row.price_after,
                monthly_price_cents: row.monthly_price_cents,
                minimum_commitment_months: row.minimum_commitment_months.unwrap_or(0),
                automatic_renewal: false,
                data_export: row.data_export,
            },
            capacity: row.capacity,
            onboarding: Onboarding {
                description: row.onboarding_description,
                duration_days: row.onboarding_duration_days,
            },
            available_until: row.available_until,
        }
    }
}

/// One parsed row: its content, or why it could not be read.
pub type Parsed = Result<OfferContent, Vec<FieldError>>;

fn row_error(message: String) -> Vec<FieldError> {
    vec![FieldError {
        field: String::new(),
        code: ErrorCode::InvalidValue,
        message,
    }]
}

/// A cell that does not fit its column, named by the column.
fn cell_error(error: &csv::Error, headers: &csv::StringRecord) -> Vec<FieldError> {
    match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => vec![FieldError {
            field: err
                .field()
                .and_then(|index| headers.get(index as usize))
                .unwrap_or_default()
                .to_owned(),
            code: ErrorCode::InvalidValue,
            message: err.kind().to_string(),
        }],
        _ => row_error(error.to_string()),
    }
}

/// Reads every row of a CSV file; `Err` (for the whole file) when its header is unusable.
pub fn parse(bytes: &[u8]) -> Result<Vec<Parsed>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| format!("the header row cannot be read: {e}"))?;
    let unknown: Vec<&str> = headers.iter().filter(|h| !COLUMNS.contains(h)).collect();
    if !unknown.is_empty() {
        return Err(format!("unknown columns: {}", unknown.join(", ")));
    }
    let headers = headers.clone();
    Ok(reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| row_error(format!("the row cannot be read: {e}")))?;
            // Empty cells are absent values, not empty strings, for optional columns.
            let row: Row = record
                .deserialize(Some(&headers))
                .map_err(|e| cell_error(&e, &headers))?;
            Ok(OfferContent::from(row))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "title_it,description_it,categories,delivery_mode,format,skill_level,languages,price_after,data_export,onboarding_description,onboarding_duration_days,free_period_months,capacity\n";

    #[test]
    fn the_template_holds_one_offer_that_passes_the_checks() {
        let rows = parse(template().as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        let content = rows[0].clone().expect("the example row parses");
        let checked = content
            .checked()
            .expect("the example row passes the checks");
        assert_eq!(checked.territory.provinces, ["TV"]);
    }

    #[test]
    fn a_row_becomes_offer_content_with_lists_split_on_semicolons() {
        let file = format!(
            "{HEADER}Vetrina online,Descrizione,e_commerce;social_media,online,software_service,base,it;en,19 € al mese,CSV,Call,3,6,\n"
        );
        let rows = parse(file.as_bytes()).unwrap();
        let content = rows[0].as_ref().unwrap();
        assert_eq!(content.categories, ["e_commerce", "social_media"]);
        assert_eq!(content.languages, ["it", "en"]);
        assert_eq!(content.free_period.months, Some(6));
        assert_eq!(content.capacity, None, "an empty cell is no value");
    }

    #[test]
    fn unknown_columns_refuse_the_file_and_a_bad_cell_only_its_row() {
        assert!(
            parse(b"title_it,colore\nA,rosso\n")
                .unwrap_err()
                .contains("colore")
        );
        let file = format!("{HEADER}A,B,c,online,course,base,it,p,d,o,tre,,\n");
        let rows = parse(file.as_bytes()).unwrap();
        let errors = rows[0].as_ref().unwrap_err();
        assert_eq!(errors[0].field, "onboarding_duration_days");
    }
}
