//! The tantivy schema of the embedded index and its text analyzers: Italian (and English for
//! the English texts) with lower-casing, accent folding and stemming, so "pagamento" finds
//! "pagamenti" and "perche" finds "perché".

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};

pub const ITALIAN: &str = "connessi_it";
pub const ENGLISH: &str = "connessi_en";
/// Lower-cased and folded but not stemmed: for prefixes typed so far.
pub const PLAIN: &str = "connessi_plain";

/// Handles to every field.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: Field,
    pub document: Field,
    pub title_it: Field,
    pub title_en: Field,
    pub description_it: Field,
    pub description_en: Field,
    pub provider_name: Field,
    pub category_labels: Field,
    pub plain: Field,
    pub territory: Field,
    pub facet_bits: Field,
    pub region_bits: Field,
    /// Status, places left and expiry packed together (see `encode::meta`): read for every
    /// candidate, so one read instead of three.
    pub meta: Field,
    pub provider: Field,
    /// Free period in months (as days) and fixed end day packed (see `encode::free`).
    pub free: Field,
    pub published_ts: Field,
    pub version: Field,
}

/// The text fields searched, with the analyzer of each and its weight in ranking.
pub fn text_fields(fields: &Fields) -> [(Field, &'static str, f32); 6] {
    [
        (fields.title_it, ITALIAN, 3.0),
        (fields.title_en, ENGLISH, 2.0),
        (fields.category_labels, ITALIAN, 2.0),
        (fields.provider_name, ITALIAN, 1.5),
        (fields.description_it, ITALIAN, 1.0),
        (fields.description_en, ENGLISH, 0.8),
    ]
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED | FAST),
        document: builder.add_text_field("document", STORED),
        title_it: builder.add_text_field("title_it", text(ITALIAN)),
        title_en: builder.add_text_field("title_en", text(ENGLISH)),
        description_it: builder.add_text_field("description_it", text(ITALIAN)),
        description_en: builder.add_text_field("description_en", text(ENGLISH)),
        provider_name: builder.add_text_field("provider_name", text(ITALIAN)),
        category_labels: builder.add_text_field("category_labels", text(ITALIAN)),
        plain: builder.add_text_field("plain", text(PLAIN)),
        territory: builder.add_text_field("territory", STRING),
        facet_bits: builder.add_u64_field("facet_bits", FAST),
        region_bits: builder.add_u64_field("region_bits", FAST),
        meta: builder.add_u64_field("meta", FAST),
        provider: builder.add_text_field("provider", STRING | FAST),
        free: builder.add_u64_field("free", FAST),
        published_ts: builder.add_i64_field("published_ts", FAST),
        version: builder.add_i64_field("version", FAST),
    };
    (builder.build(), fields)
}

/// Registers Connessi's analyzers on an index's tokenizer manager.
pub fn register_analyzers(manager: &TokenizerManager) {
    let stemmed = |language| {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(language))
            .build()
    };
    manager.register(ITALIAN, stemmed(Language::Italian));
    manager.register(ENGLISH, stemmed(Language::English));
    manager.register(
        PLAIN,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// The tokens `analyzer` makes of `text`.
pub fn tokens(manager: &TokenizerManager, analyzer: &str, text: &str) -> Vec<String> {
    let mut analyzer = manager
        .get(analyzer)
        .expect("analyzers are registered at open");
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().text.clone());
    }
    tokens
}
