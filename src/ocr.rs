//! OCR engines that run outside the process, for callers to pass in through
//! [`ReadOptions::ocr`](crate::ReadOptions): the library's conversion starts no process itself.
//!
//! [`Tesseract`] runs Debian's `tesseract` (`apt install tesseract-ocr tesseract-ocr-chi-sim`)
//! once per read: the image goes in on standard input as a PGM, the words come back as TSV with
//! their boxes and confidences. `OMP_THREAD_LIMIT=1` keeps it on one core (its threads only slow
//! a batch that already uses every core), and a read that takes longer than it is given is
//! killed.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::ingest::ocr::{Bitmap, Engine, Layout, OcrError, Word};

/// Tesseract 4 or later with its Simplified Chinese model, run as a subprocess. Its version
/// and models are asked for once, when it is first used.
#[derive(Debug)]
pub struct Tesseract {
    program: PathBuf,
    /// The version line, or why it cannot read Chinese.
    checked: OnceLock<Result<String, String>>,
}

/// The language model notices are read with.
const LANGUAGE: &str = "chi_sim";

impl Tesseract {
    /// `tesseract` as found on PATH, if it is there (it is first run when a page needs it).
    #[must_use]
    pub fn find() -> Option<Tesseract> {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join("tesseract"))
            .find(|p| p.is_file())
            .map(Tesseract::at)
    }

    /// The `tesseract` program at `program`.
    #[must_use]
    pub fn at(program: PathBuf) -> Tesseract {
        Tesseract {
            program,
            checked: OnceLock::new(),
        }
    }

    /// Its version, once it is known to run and to have the Simplified Chinese model.
    fn check(&self) -> &Result<String, String> {
        self.checked.get_or_init(|| {
            let ask = |arg: &str| {
                Command::new(&self.program)
                    .arg(arg)
                    .stdin(Stdio::null())
                    .output()
                    .map(|o| String::from_utf8_lossy(&[o.stdout, o.stderr].concat()).into_owned())
                    .map_err(|e| format!("{} cannot be run: {e}", self.program.display()))
            };
            // Tesseract 4 printed its version on standard error.
            let version = ask("--version")?.lines().next().unwrap_or("tesseract").trim().to_string();
            if ask("--list-langs")?.lines().any(|l| l.trim() == LANGUAGE) {
                Ok(version)
            } else {
                Err(format!(
                    "{version} has no Simplified Chinese model ({LANGUAGE}); install it: apt install tesseract-ocr-chi-sim"
                ))
            }
        })
    }
}

impl Engine for Tesseract {
    fn name(&self) -> String {
        match self.check() {
            Ok(version) => version.clone(),
            Err(_) => "tesseract".to_string(),
        }
    }

    fn read(&self, image: &Bitmap, layout: Layout, time: Duration) -> Result<Vec<Word>, OcrError> {
        // 6: one uniform block of text (a cell, or cells stacked apart); 4: one column of text
        // of varying sizes, as a notice's letter is set.
        let psm = match layout {
            Layout::Block => "6",
            Layout::Page => "4",
        };
        if let Err(message) = self.check() {
            return Err(OcrError::Failed {
                engine: self.name(),
                message: message.clone(),
            });
        }
        let run = |source| OcrError::Run {
            engine: self.name(),
            source,
        };
        let mut child = Command::new(&self.program)
            .args(["-", "-", "-l", LANGUAGE, "--psm", psm, "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(run)?;
        let mut stdin = child.stdin.take();
        let pgm = pgm(image);
        let writer = std::thread::spawn(move || {
            if let Some(stdin) = stdin.as_mut() {
                // A tesseract that stops reading fails on its own; its status says so.
                let _ = stdin.write_all(&pgm);
            }
        });
        let mut stdout = child.stdout.take();
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(stdout) = stdout.as_mut() {
                let _ = stdout.read_to_end(&mut out);
            }
            out
        });
        let mut stderr = child.stderr.take();
        let errors = std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(stderr) = stderr.as_mut() {
                // Its last words say why it failed; the rest is drained, so it never blocks.
                let _ = stderr.by_ref().take(64 << 10).read_to_end(&mut out);
                let _ = std::io::copy(stderr, &mut std::io::sink());
            }
            out
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(run)? {
                break status;
            }
            if started.elapsed() > time {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Timeout {
                    engine: self.name(),
                    limit: time,
                });
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let _ = writer.join();
        let out = reader.join().unwrap_or_default();
        let err = errors.join().unwrap_or_default();
        if !status.success() {
            return Err(OcrError::Failed {
                engine: self.name(),
                message: format!(
                    "{status}: {}",
                    String::from_utf8_lossy(&err)
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                ),
            });
        }
        Ok(words(&String::from_utf8_lossy(&out)))
    }
}

/// The image as a binary greyscale PNM, which tesseract reads from standard input.
fn pgm(image: &Bitmap) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", image.width, image.height).into_bytes();
    out.extend_from_slice(&image.pixels);
    out
}

/// The words of tesseract's TSV: rows of level 5, with a line number that changes with the
/// block, paragraph and line.
fn words(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut line = 0u32;
    let mut current = None;
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let text = f[11].trim();
        let number = |i: usize| f[i].trim().parse::<u32>().ok();
        let (Some(left), Some(top), Some(width), Some(height)) =
            (number(6), number(7), number(8), number(9))
        else {
            continue;
        };
        let confidence = f[10].trim().parse::<f32>().unwrap_or(0.0);
        if text.is_empty() || !confidence.is_finite() || confidence < 0.0 {
            continue;
        }
        let key = (f[2], f[3], f[4]);
        if current != Some(key) {
            current = Some(key);
            line += 1;
        }
        out.push(Word {
            text: text.to_string(),
            left,
            top,
            width,
            height,
            confidence: confidence.min(100.0),
            line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_read_from_the_tsv_with_their_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t5\t40\t20\t91.5\t区城\n\
                   5\t1\t1\t1\t1\t2\t52\t5\t20\t20\t88\t管局\n\
                   5\t1\t1\t1\t2\t1\t10\t30\t20\t20\t70\t前\n";
        let words = words(tsv);
        let texts: Vec<(&str, u32)> = words.iter().map(|w| (w.text.as_str(), w.line)).collect();
        assert_eq!(texts, [("区城", 1), ("管局", 1), ("前", 2)]);
        assert_eq!((words[0].left, words[0].width), (10, 40));
    }

    #[test]
    fn a_pgm_has_its_header_and_pixels() {
        let image = Bitmap::white(3, 2);
        let pgm = pgm(&image);
        assert!(pgm.starts_with(b"P5\n3 2\n255\n"));
        assert_eq!(pgm.len(), 11 + 6);
    }

    /// A `tesseract` that answers its checks and then hangs is stopped when its time is up.
    #[test]
    fn an_engine_past_its_time_is_killed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("tesseract");
        std::fs::write(
            &program,
            "#!/bin/sh\ncase \"$1\" in\n--version) echo 'tesseract 9.9.9' ;;\n--list-langs) echo chi_sim ;;\n*) exec sleep 30 ;;\nesac\n",
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let engine = Tesseract::at(program);
        assert_eq!(engine.name(), "tesseract 9.9.9");
        let started = Instant::now();
        let e = engine
            .read(
                &Bitmap::white(10, 10),
                Layout::Block,
                Duration::from_millis(300),
            )
            .unwrap_err();
        assert!(matches!(e, OcrError::Timeout { .. }), "{e}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn an_engine_without_the_chinese_model_says_what_to_install() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("tesseract");
        std::fs::write(
            &program,
            "#!/bin/sh\ncase \"$1\" in\n--version) echo 'tesseract 9.9.9' ;;\n--list-langs) echo eng ;;\nesac\n",
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let e = Tesseract::at(program)
            .read(
                &Bitmap::white(10, 10),
                Layout::Block,
                Duration::from_secs(5),
            )
            .unwrap_err();
        assert!(
            e.to_string().contains("apt install tesseract-ocr-chi-sim"),
            "{e}"
        );
    }
}
