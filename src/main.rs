//! The `fenjie` command: arguments → options → library call → diagnostics → output → exit code.
//! The flags are in [`cli`], each subcommand's body in [`cmd`], the web server in [`serve`].
//!
//! Exit codes: 0 ok; 1 an input could not be converted, or its report holds error-level
//! diagnostics; 2 usage error or a fatal error of fenjie itself. A closed pipe is not an error.

/// Writes a line to standard error; a closed standard error (`2>&1 | head`) is ignored and the
/// run goes on.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;
mod serve;
use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli.with_stdout_dashes(),
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // Where this run writes: on Ctrl-C or SIGTERM its temporary files there (and a batch's lock)
    // are removed before the process ends, so an interrupted run leaves nothing half-made.
    if let Some(dir) = cli.command.writes_to() {
        let is_batch = matches!(cli.command, Command::Batch(_));
        let _ = ctrlc::set_handler(move || {
            fenjie::files::clean_up(&dir, is_batch);
            std::process::exit(130);
        });
    }
    let result = match cli.command {
        Command::Convert(args) => cmd::convert::run(&args),
        Command::Review(args) => cmd::review::run(&args),
        Command::Completions { shell } => cmd::completions::run(shell),
        Command::Batch(args) => cmd::batch::run(&args),
        Command::Schema { diff, record } => cmd::schema::run(diff, record),
        Command::Diff(args) => cmd::diff::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Validate { files } => cmd::validate::run(&files),
        Command::Check { paths, bless } => cmd::check::run(&paths, bless),
        Command::Units {
            check,
            units,
            notice,
        } => cmd::units::run(check.as_deref(), units.as_deref(), notice.as_deref()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            say!("fenjie: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
