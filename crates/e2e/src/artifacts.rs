//! What a browser test leaves behind to look at: `target/browser-artifacts/<test>/`, holding a
//! screenshot of each step (`01-form.png`, `02-answered.png`, …) and chromedriver's log.

use std::path::{Path, PathBuf};

#[derive(Debug)]
pub(crate) struct Artifacts {
    dir: PathBuf,
    steps: u32,
}

impl Artifacts {
    /// The folder of `test`, emptied so that no screenshot of an earlier run is mistaken for
    /// one of this run.
    pub(crate) fn for_test(test: &str) -> Artifacts {
        let dir = target_dir().join("browser-artifacts").join(test);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot empty {}: {e}", dir.display()));
        }
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Artifacts { dir, steps: 0 }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the screenshot of the next step goes; steps are numbered in the order taken.
    pub(crate) fn next_screenshot(&mut self, step: &str) -> PathBuf {
        self.steps += 1;
        self.dir.join(format!("{:02}-{step}.png", self.steps))
    }
}

/// Cargo's target directory: the test binary runs from `<target>/<profile>/deps/`, wherever
/// `CARGO_TARGET_DIR` put it.
fn target_dir() -> PathBuf {
    let binary = std::env::current_exe().expect("the test binary's path");
    binary
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "deps"))
        .and_then(|deps| deps.parent()?.parent())
        .unwrap_or_else(|| panic!("{} is not in a cargo target directory", binary.display()))
        .to_path_buf()
}
