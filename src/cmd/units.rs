//! `fenjie units`: the unit registry in use, a registry file checked, or the registry a notice
//! is converted with.

use std::path::Path;
use std::sync::Arc;

use super::print_stdout;
use crate::cli::{Failure, fail, load_registry};
use fenjie::error::chain;
use fenjie::report::spelling;
use fenjie::{ChosenBy, JurisdictionSource, Registry};

/// `fenjie units [--check FILE] [--units FILE] [--for NOTICE]`.
pub(crate) fn run(
    check: Option<&Path>,
    units: Option<&Path>,
    notice: Option<&Path>,
) -> Result<u8, Failure> {
    match notice {
        Some(notice) => units_for(notice, units),
        None => registry(check, units),
    }
}

/// `fenjie units --for NOTICE`: the notice's jurisdiction, and the registry that applies to it
/// (printed as TOML), or why none does.
fn units_for(notice: &Path, units: Option<&Path>) -> Result<u8, Failure> {
    let shown = notice.display().to_string();
    let options = fenjie::Options {
        registry: units.map(load_registry).transpose()?.map(Arc::new),
        ..fenjie::Options::default()
    };
    let bytes = fenjie::files::read_input(notice, options.read.limits.input_bytes)
        .map_err(|(e, _)| fail(1, format!("{shown}: {e}")))?;
    let report = fenjie::convert(&shown, &bytes, &options)
        .map_err(|e| fail(1, format!("{shown}: {}", chain(&e))))?;
    let mut text = String::new();
    match &report.notice.jurisdiction {
        Some(j) => text.push_str(&format!(
            "# jurisdiction: {} ({}, read from the {})\n",
            j.name,
            spelling(&j.level),
            match j.source {
                JurisdictionSource::Issuer => "issuer",
                JurisdictionSource::Title => "title",
                JurisdictionSource::DocNumber => "document number",
                JurisdictionSource::Page => "page's publisher",
                JurisdictionSource::Option => "--jurisdiction option",
            }
        )),
        None => text.push_str("# jurisdiction: none named by the notice\n"),
    }
    match &report.registry {
        Some(r) => {
            text.push_str(&format!(
                "# registry: {} (chosen by {})\n",
                r.name,
                match r.chosen_by {
                    ChosenBy::Option => "the --units option",
                    ChosenBy::Jurisdiction => "the notice's jurisdiction",
                    ChosenBy::DocNumber => "the notice's document number",
                }
            ));
            // The registry the conversion used: the option's, else the bundled one it named.
            let registry = match &options.registry {
                Some(r) => Some(r.as_ref()),
                None => Registry::bundled()
                    .into_iter()
                    .find(|b| b.name() == r.name),
            };
            if let Some(registry) = registry {
                text.push_str(&registry.to_toml());
            }
        }
        None => text.push_str(
            "# registry: none covers this jurisdiction; units are kept as written, and standard departments (data/units/template.toml) are named in full after the jurisdiction's places\n",
        ),
    }
    print_stdout(text.as_bytes())?;
    Ok(0)
}

fn registry(check: Option<&Path>, units: Option<&Path>) -> Result<u8, Failure> {
    if let Some(path) = check {
        let registry = load_registry(path).map_err(|f| fail(1, f.message))?;
        println!(
            "{}: valid ({} units and groups, registry {})",
            path.display(),
            registry.entries().len(),
            registry.name()
        );
        return Ok(0);
    }
    let registry = match units {
        Some(path) => load_registry(path)?,
        None => Registry::default_registry().clone(),
    };
    print_stdout(registry.to_toml().as_bytes())?;
    Ok(0)
}
