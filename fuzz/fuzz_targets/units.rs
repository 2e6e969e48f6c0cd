//! Any string as a responsible-units cell, parsed and resolved (groups expanded and not).
#![no_main]

use fenjie::normalize::units::{self, Registry};
use fenjie::syntax::units::RoleHint;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let registry = Registry::default_registry();
    for hint in [RoleHint::InText, RoleHint::Lead, RoleHint::Cooperate] {
        for mention in units::mentions(text, hint) {
            assert!(!mention.raw.is_empty());
            for expand in [false, true] {
                let found = registry.resolve(&mention, expand).units();
                assert!(found.iter().all(|u| !u.name.is_empty()));
            }
        }
    }
});
