//! `fenjie completions`: a completion script for a shell.

use clap::CommandFactory;

use super::print_stdout;
use crate::cli::{Cli, Failure};

/// `fenjie completions SHELL`.
pub(crate) fn run(shell: clap_complete::Shell) -> Result<u8, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "fenjie", &mut script);
    print_stdout(&script)?;
    Ok(0)
}
