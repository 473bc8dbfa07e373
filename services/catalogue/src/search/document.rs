//! The search document of an offer, built from its row and its provider's row. Every field
//! comes from the offer's current content, so a document built twice from the same rows is the
//! same document (replaying the outbox is harmless).

use crate::entities::{offer, provider};
use connessi_domain::OfferContent;
use connessi_search::OfferDocument;

/// The document the index holds for `offer`, published by `provider`, with `taken` of its
/// places given to shops. Fails only when the stored content is not valid JSON of an offer (a
/// bug or corruption).
pub fn offer_document(
    offer: &offer::Model,
    provider: &provider::Model,
    taken: u32,
) -> Result<OfferDocument, serde_json::Error> {
    let content: OfferContent = serde_json::from_str(&offer.content)?;
    let capacity = content.capacity;
    Ok(OfferDocument {
        id: offer.id,
        version: i64::from(offer.version),
        status: offer.status.clone(),
        provider_id: offer.provider_id,
        // The provider's name is searchable: renaming the provider re-indexes its offers.
        provider_name: provider.legal_name.clone(),
        title_it: content.title.it,
        title_en: content.title.en,
        description_it: content.description.it,
        description_en: content.description.en,
        categories: content.categories,
        sectors: content.sectors,
        territory: content.territory,
        delivery_mode: content.delivery_mode,
        format: content.format,
        skill_level: content.skill_level,
        languages: content.languages,
        free_period_months: content.free_period.months,
        free_period_until: content.free_period.until,
        price_after: content.after_free_period.price,
        capacity,
        places_left: capacity.map(|c| c.saturating_sub(taken)),
        published_at: offer.published_at,
        expires_at: offer.expires_at,
        updated_at: offer.updated_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use connessi_domain::offer::{AfterFreePeriod, FreePeriod, Localized};

    fn rows(content: &OfferContent) -> (offer::Model, provider::Model) {
        let now = Utc::now();
        let provider = provider::Model {
            id: uuid::Uuid::now_v7(),
            legal_name: "Bottega Digitale S.r.l.".into(),
            partita_iva: "01234567897".into(),
            website: "https://bottega.example".into(),
            contact_email: "info@bottega.example".into(),
            description: "Servizi".into(),
            logo_url: None,
            verified: true,
            verified_at: Some(now),
            created_at: now,
            updated_at: now,
        };
        let offer = offer::Model {
            id: uuid::Uuid::now_v7(),
            provider_id: provider.id,
            status: "published".into(),
            content: serde_json::to_string(content).unwrap(),
            title_it: content.title.it.clone(),
            capacity: content.capacity.map(|c| c as i32),
            expires_at: None,
            moderation_action: None,
            moderation_reason: None,
            moderated_at: None,
            submitted_at: None,
            published_at: Some(now),
            created_at: now,
            updated_at: now,
            version: 3,
        };
        (offer, provider)
    }

    #[test]
    fn the_document_carries_the_content_the_provider_name_and_the_row_version() {
        let content = OfferContent {
            title: Localized {
                it: "Cassa in cloud".into(),
                en: Some("Cloud till".into()),
            },
            categories: vec!["pos".into()],
            free_period: FreePeriod {
                months: Some(6),
                until: None,
            },
            after_free_period: AfterFreePeriod {
                price: "19 € al mese".into(),
                ..Default::default()
            },
            capacity: Some(20),
            ..Default::default()
        };
        let (offer, provider) = rows(&content);
        let document = offer_document(&offer, &provider, 5).unwrap();
        assert_eq!(document.id, offer.id);
        assert_eq!(document.version, 3);
        assert_eq!(document.provider_name, "Bottega Digitale S.r.l.");
        assert_eq!(document.title_en.as_deref(), Some("Cloud till"));
        assert_eq!(document.categories, ["pos"]);
        assert_eq!(document.free_period_months, Some(6));
        assert_eq!(document.price_after, "19 € al mese");
        assert_eq!(
            (document.capacity, document.places_left),
            (Some(20), Some(15)),
            "places taken by shops are not left"
        );
    }

    #[test]
    fn corrupt_content_is_an_error_not_an_empty_document() {
        let (mut offer, provider) = rows(&OfferContent::default());
        offer.content = "{not json".into();
        assert!(offer_document(&offer, &provider, 0).is_err());
    }
}
