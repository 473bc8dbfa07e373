//! The reverse proxy's routing (deploy/nginx/connessi.conf) and the Kubernetes Ingress's
//! (deploy/k8s/ingress.yaml) against the services' own route tables: every API route and page reaches the service that serves it, so a route added to
//! a service without its proxy rule fails here, not in production.

use regex::Regex;
use std::collections::BTreeMap;

/// A location of the configuration, in nginx's terms, and the service it passes to.
enum Location {
    Exact(String, String),
    Regex(Regex, String),
    Prefix(String, String),
}

fn locations(conf: &str) -> Vec<Location> {
    let block = Regex::new(r"(?s)location\s+(=|~)?\s*(\S+)\s*\{(.*?)\}").unwrap();
    let pass = Regex::new(r"proxy_pass \$(\w+);").unwrap();
    block
        .captures_iter(conf)
        .map(|c| {
            let service = pass
                .captures(&c[3])
                .expect("each location passes to a service")[1]
                .to_owned();
            let pattern = c[2].to_owned();
            match c.get(1).map(|m| m.as_str()) {
                Some("=") => Location::Exact(pattern, service),
                Some(_) => Location::Regex(
                    Regex::new(&pattern).expect("an nginx regex Rust reads alike"),
                    service,
                ),
                None => Location::Prefix(pattern, service),
            }
        })
        .collect()
}

/// nginx's choice: an exact match; else the regular expressions in order, the first that
/// matches; else the longest prefix.
fn route<'a>(locations: &'a [Location], path: &str) -> Option<&'a str> {
    let exact = locations.iter().find_map(|l| match l {
        Location::Exact(p, s) if p == path => Some(s.as_str()),
        _ => None,
    });
    let regex = || {
        locations.iter().find_map(|l| match l {
            Location::Regex(r, s) if r.is_match(path) => Some(s.as_str()),
            _ => None,
        })
    };
    let prefix = || {
        locations
            .iter()
            .filter_map(|l| match l {
                Location::Prefix(p, s) if path.starts_with(p.as_str()) => {
                    Some((p.len(), s.as_str()))
                }
                _ => None,
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, s)| s)
    };
    exact.or_else(regex).or_else(prefix)
}

/// A path of the table with a sample value in each parameter.
fn sample(path: &str) -> String {
    let parameter = Regex::new(r"\{[^}]+\}").unwrap();
    parameter
        .replace_all(path, "0190f0a0-0000-7000-8000-000000000001")
        .into_owned()
}

/// The Ingress's paths as ingress-nginx applies them with `use-regex`: each a
/// case-insensitive expression anchored at the start, the longest first.
fn ingress_locations(yaml: &str) -> Vec<Location> {
    let path =
        Regex::new(r"- path: (\S+)\s+pathType: \S+\s+backend: \{ service: \{ name: (\w+)").unwrap();
    let mut found: Vec<(String, String)> = path
        .captures_iter(yaml)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect();
    found.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    found
        .into_iter()
        .map(|(p, service)| Location::Regex(Regex::new(&format!("(?i)^{p}")).unwrap(), service))
        .collect()
}

fn served_by() -> Vec<(&'static str, String)> {
    let tables = [
        ("catalogue", connessi_catalogue::access::table()),
        ("catalogue", connessi_catalogue::pages::table()),
        ("matching", connessi_matching::access::table()),
        ("matching", connessi_matching::pages::table()),
        ("messaging", connessi_messaging::access::table()),
        ("messaging", connessi_messaging::pages::table()),
    ];
    tables
        .iter()
        .flat_map(|(service, table)| {
            table
                .rules()
                .into_iter()
                .map(|(method, path, _)| (*service, format!("{method} {path}")))
        })
        .collect()
}

/// The routes `locations` sends to another service than the one serving them.
fn misrouted(locations: &[Location]) -> BTreeMap<String, (&'static str, Option<String>)> {
    let routes = served_by();
    assert!(
        routes.len() > 150,
        "the tables were read: {} routes",
        routes.len()
    );
    routes
        .into_iter()
        .filter_map(|(service, route)| {
            let path = route.split_once(' ').map_or("", |(_, p)| p);
            let reached = self::route(locations, &sample(path));
            (reached != Some(service)).then(|| (route, (service, reached.map(str::to_owned))))
        })
        .collect()
}

fn deploy_file(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../deploy/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn the_proxy_sends_every_route_of_every_service_to_that_service() {
    let locations = locations(&deploy_file("nginx/connessi.conf"));
    let wrong = misrouted(&locations);
    assert!(
        wrong.is_empty(),
        "routes the proxy sends elsewhere (route: (served by, reached)): {wrong:#?}"
    );
    // Routes every service serves (health, sign-in, assets) go to the catalogue.
    for shared in [
        "/healthz",
        "/readyz",
        "/sign-in",
        "/api/v1/me",
        "/assets/connessi.css",
    ] {
        assert_eq!(route(&locations, shared), Some("catalogue"), "{shared}");
    }
}

#[test]
fn the_ingress_sends_every_route_of_every_service_to_that_service() {
    let locations = ingress_locations(&deploy_file("k8s/ingress.yaml"));
    assert!(locations.len() >= 6, "the ingress's paths were read");
    let wrong = misrouted(&locations);
    assert!(
        wrong.is_empty(),
        "routes the Ingress sends elsewhere (route: (served by, reached)): {wrong:#?}"
    );
}
