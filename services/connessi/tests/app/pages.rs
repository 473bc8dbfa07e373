//! The web portal in a real browser (headless Chromium through WebDriver), against the
//! all-in-one application: each user's journey, an axe-core check of every kind of page, and
//! the screenshots in the README (`scripts/screenshots`).

mod access;
mod moderation;
mod moderator_console;
mod moderator_matching;
mod onboarding;
mod page_kinds;
mod provider_area;
mod search;
mod shop_area;
mod sign_in;
mod stored_text;
pub mod support;
mod widget;
