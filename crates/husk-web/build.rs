//! Build script for husk-web: bundles Digdir's Designsystemet CSS from npm.
//!
//! The CSS comes from `web/node_modules/@digdir/designsystemet-css` (pinned in
//! `web/package.json` / `web/package-lock.json`). If the package has not been
//! installed yet, this script runs `npm ci` in `web/`. The theme CSS and the
//! component CSS are concatenated into `$OUT_DIR/designsystemet.css`, which the
//! crate embeds with `include_str!`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGE_DIR: &str = "node_modules/@digdir/designsystemet-css";
const INDEX_CSS: &str = "dist/src/index.css";
const THEME_CSS: &str = "dist/theme/designsystemet.css";

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set"));
    let web_dir = manifest_dir.join("../../web");
    let package_dir = web_dir.join(PACKAGE_DIR);
    let index_css = package_dir.join(INDEX_CSS);
    let theme_css = package_dir.join(THEME_CSS);

    println!("cargo:rerun-if-changed=build.rs");
    println!(
        "cargo:rerun-if-changed={}",
        web_dir.join("package-lock.json").display()
    );
    println!("cargo:rerun-if-changed={}", index_css.display());
    println!("cargo:rerun-if-changed={}", theme_css.display());

    if !index_css.is_file() || !theme_css.is_file() {
        npm_ci(&web_dir);
    }

    let theme = read_css(&theme_css);
    let index = read_css(&index_css);

    let mut bundle = String::with_capacity(theme.len() + index.len() + 256);
    bundle.push_str("/* @digdir/designsystemet-css: dist/theme/designsystemet.css */\n");
    bundle.push_str(&theme);
    if !theme.ends_with('\n') {
        bundle.push('\n');
    }
    bundle.push_str("/* @digdir/designsystemet-css: dist/src/index.css */\n");
    bundle.push_str(&index);
    if !index.ends_with('\n') {
        bundle.push('\n');
    }

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set"));
    let out_file = out_dir.join("designsystemet.css");
    fs::write(&out_file, bundle)
        .unwrap_or_else(|e| panic!("husk-web build: cannot write {}: {e}", out_file.display()));
}

/// Runs `npm ci --no-audit --no-fund` in `web_dir`, panicking with install
/// instructions if npm is missing or the install fails.
fn npm_ci(web_dir: &Path) {
    const HELP: &str = "husk-web needs the front-end assets from npm \
        (@digdir/designsystemet-css). Install Node.js and npm \
        (e.g. `apt-get install nodejs npm`), then run `npm ci --prefix web` \
        from the repository root and build again.";

    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    println!(
        "cargo:warning=husk-web: {} missing; running `npm ci` in {}",
        PACKAGE_DIR,
        web_dir.display()
    );
    let status = Command::new(npm)
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(web_dir)
        // Keep npm's chatter off the build script's stdout, which cargo parses.
        .stdout(std::io::stderr())
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("husk-web build: `npm ci` in {} failed ({s}). {HELP}", web_dir.display()),
        Err(e) => panic!(
            "husk-web build: could not run `npm` ({e}); Node.js/npm is probably not installed. {HELP}"
        ),
    }
}

fn read_css(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "husk-web build: cannot read {} ({e}). Install Node.js/npm and run \
             `npm ci --prefix web` from the repository root.",
            path.display()
        )
    })
}
