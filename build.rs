//! Embeds the corpus (`cases/`, `schemas/`, `profiles/`) in the binary, so that an installed
//! `graph-conformance run` works from any directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut table =
        String::from("/// The files of the corpus, by path relative to the package root.\n");
    table.push_str("pub static EMBEDDED_FILES: &[(&str, &str)] = &[\n");

    for folder in ["cases", "schemas", "profiles"] {
        println!("cargo:rerun-if-changed={folder}");
        let mut files = Vec::new();
        collect_json(&root.join(folder), &mut files);
        files.sort();
        for file in files {
            let relative = file
                .strip_prefix(&root)
                .expect("collected under the root")
                .to_string_lossy()
                .replace('\\', "/");
            writeln!(
                table,
                "    ({relative:?}, include_str!({:?})),",
                file.display().to_string()
            )
            .expect("writing to a string cannot fail");
        }
    }
    table.push_str("];\n");

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded.rs"), table).expect("OUT_DIR is writable");
}

fn collect_json(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, files);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            files.push(path);
        }
    }
}
