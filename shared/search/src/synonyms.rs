//! Synonyms kept in configuration: groups of words or phrases that mean the same to a shop
//! ("pos" ↔ "pagamenti digitali"). A query matching one member also matches the others.

use serde::Deserialize;

/// Groups of equivalent words or phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Synonyms(pub Vec<Vec<String>>);

impl Synonyms {
    /// The groups shipped with Connessi.
    pub fn defaults() -> Self {
        let groups: &[&[&str]] = &[
            &["pos", "pagamenti digitali", "cassa"],
            &["sito", "website", "sito web"],
            &["ecommerce", "e-commerce", "negozio online"],
            &["social", "social media", "social network"],
            &["consegne", "delivery", "spedizioni"],
            &["prenotazioni", "appuntamenti", "booking"],
            &["formazione", "corso", "training"],
            &["sicurezza informatica", "cybersecurity", "cyber sicurezza"],
            &["newsletter", "email marketing"],
            &["magazzino", "inventario"],
        ];
        Self(
            groups
                .iter()
                .map(|g| g.iter().map(|w| (*w).to_owned()).collect())
                .collect(),
        )
    }
}
