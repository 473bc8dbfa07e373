//! Background components (the search indexer, later the mailer) report how they are doing to
//! `/readyz` through [`Components`]: each registers a probe under its name, and every readiness
//! request asks every probe. A probe is a function rather than a stored value because health
//! can depend on time ("failing for longer than 30 s"), which a snapshot taken when the
//! component last reported would get wrong.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

/// What one component says about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentReport {
    /// False makes `/readyz` answer 503.
    pub healthy: bool,
    /// Shown as is in the readiness body, under the component's name.
    pub details: serde_json::Value,
}

/// Produces a component's report on demand.
pub type Probe = Arc<dyn Fn() -> ComponentReport + Send + Sync>;

/// The probes of the components of a process, by name. Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Components {
    probes: Arc<RwLock<BTreeMap<&'static str, Probe>>>,
}

impl Components {
    /// Registers (or replaces) the probe of the component `name`.
    pub fn register(&self, name: &'static str, probe: Probe) {
        // A panic while holding this lock cannot leave the map half-written, so a poisoned
        // lock is still usable.
        let mut probes = self.probes.write().unwrap_or_else(PoisonError::into_inner);
        probes.insert(name, probe);
    }

    /// Every component's report, by name.
    pub fn reports(&self) -> BTreeMap<&'static str, ComponentReport> {
        let probes: Vec<(&'static str, Probe)> = {
            let probes = self.probes.read().unwrap_or_else(PoisonError::into_inner);
            probes.iter().map(|(n, p)| (*n, p.clone())).collect()
        };
        // Probes run outside the lock, so a slow one cannot block registration.
        probes
            .into_iter()
            .map(|(name, probe)| (name, probe()))
            .collect()
    }
}

impl std::fmt::Debug for Components {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let probes = self.probes.read().unwrap_or_else(PoisonError::into_inner);
        f.debug_list().entries(probes.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn reports_ask_each_probe_at_the_time_of_the_request() {
        let components = Components::default();
        let healthy = Arc::new(AtomicBool::new(true));
        let seen = healthy.clone();
        components.register(
            "search_index",
            Arc::new(move || ComponentReport {
                healthy: seen.load(Ordering::SeqCst),
                details: json!({ "lag_events": 0 }),
            }),
        );
        assert!(components.reports()["search_index"].healthy);
        healthy.store(false, Ordering::SeqCst);
        let reports = components.clone().reports();
        assert!(!reports["search_index"].healthy);
        assert_eq!(reports["search_index"].details["lag_events"], 0);
    }
}
