//! Running the real binary (only in integration tests: examples have no binary to run).

/// Runs the real binary in `dir`, with no standard input.
pub fn fenjie(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs")
}
