//! A double-click opens a board (issue 17): the desktop entry and the file type pass the
//! freedesktop tools, and the packages `scripts/package` builds install a Stormpad that runs
//! without Rust: the .deb unpacked, the tarball through its install.sh into a fresh prefix.
//!
//! Needs `desktop-file-validate`, `update-mime-database`, `dpkg-deb` and `strip`
//! (`scripts/setup-system package`, which `scripts/test` runs).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type Result = std::result::Result<(), Box<dyn std::error::Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a tool, failing the test with what to install when it is missing.
fn run(program: impl AsRef<Path>, args: &[&str]) -> Output {
    let program = program.as_ref();
    match Command::new(program).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "cannot run {} ({e}); `scripts/setup-system package` installs the tools",
            program.display()
        ),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_desktop_entry_is_valid_and_opens_the_file_it_is_given() -> Result {
    let entry = root().join("assets/desktop/stormpad.desktop");
    let out = run("desktop-file-validate", &[&entry.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    // Not even a hint: the entry is clean.
    assert_eq!(text(&out.stdout), "");
    let desktop = std::fs::read_to_string(&entry)?;
    assert!(desktop.contains("\nExec=stormpad %f\n"));
    assert!(desktop.contains("\nMimeType=application/x-stormpad;\n"));
    assert!(desktop.contains("\nIcon=stormpad\n"));
    Ok(())
}

#[test]
fn boards_are_a_file_type_of_their_own_that_is_also_text() -> Result {
    // The file type as a desktop registers it: update-mime-database on a folder of our own.
    let dir = tempfile::tempdir()?;
    let packages = dir.path().join("mime/packages");
    std::fs::create_dir_all(&packages)?;
    std::fs::copy(
        root().join("assets/desktop/stormpad.xml"),
        packages.join("stormpad.xml"),
    )?;
    let db = dir.path().join("mime");
    // (The folder is where desktops look, as an install puts it; else the tool says so.)
    let out = Command::new("update-mime-database")
        .arg(&db)
        .env("XDG_DATA_DIRS", dir.path())
        .output()?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "the MIME file has problems");
    let globs = std::fs::read_to_string(db.join("globs2"))?;
    assert!(
        globs
            .lines()
            .any(|l| l.ends_with(":application/x-stormpad:*.storm.ron")),
        "{globs}"
    );
    let subclasses = std::fs::read_to_string(db.join("subclasses"))?;
    assert!(subclasses.contains("application/x-stormpad text/plain"));
    assert!(db.join("application/x-stormpad.xml").is_file());
    Ok(())
}

/// Builds the packages from the binary these tests run (stripped, it packs in seconds).
fn packages(out: &Path) -> std::result::Result<(PathBuf, PathBuf), Box<dyn std::error::Error>> {
    let built = run(
        root().join("scripts/package"),
        &[
            "--binary",
            env!("CARGO_BIN_EXE_stormpad"),
            "--out",
            &out.display().to_string(),
        ],
    );
    assert!(built.status.success(), "{}", text(&built.stderr));
    let listed = text(&built.stdout);
    let mut files = listed.lines().map(PathBuf::from);
    match (files.next(), files.next()) {
        (Some(deb), Some(tar)) => Ok((deb, tar)),
        _ => Err(format!("scripts/package printed {listed:?}").into()),
    }
}

/// The installed program answers `--version` and checks a sample board.
fn runs_without_rust(program: &Path) {
    let version = run(program, &["--version"]);
    assert!(version.status.success());
    assert_eq!(
        text(&version.stdout),
        format!("stormpad {}\n", env!("CARGO_PKG_VERSION"))
    );
    let sample = root().join("samples/online-shop-big-picture.storm.ron");
    let check = run(program, &["check", &sample.display().to_string()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
}

#[test]
fn a_user_without_rust_installs_the_deb_or_the_tarball_and_runs_stormpad() -> Result {
    let dir = tempfile::tempdir()?;
    let (deb, tar) = packages(&dir.path().join("out"))?;
    assert!(deb.to_string_lossy().ends_with(".deb"), "{}", deb.display());

    // The .deb holds the program, the entry, the file type and the icons where desktops look.
    let listing = text(&run("dpkg-deb", &["-c", &deb.display().to_string()]).stdout);
    for file in [
        "./usr/bin/stormpad",
        "./usr/share/applications/stormpad.desktop",
        "./usr/share/mime/packages/stormpad.xml",
        "./usr/share/icons/hicolor/scalable/apps/stormpad.svg",
        "./usr/share/icons/hicolor/256x256/apps/stormpad.png",
    ] {
        assert!(
            listing.lines().any(|l| l.ends_with(file)),
            "{file} in\n{listing}"
        );
    }
    let info = text(
        &run(
            "dpkg-deb",
            &["-f", &deb.display().to_string(), "Package", "Version"],
        )
        .stdout,
    );
    assert_eq!(
        info,
        format!(
            "Package: stormpad\nVersion: {}\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    let unpacked = dir.path().join("deb");
    let x = run(
        "dpkg-deb",
        &[
            "-x",
            &deb.display().to_string(),
            &unpacked.display().to_string(),
        ],
    );
    assert!(x.status.success(), "{}", text(&x.stderr));
    runs_without_rust(&unpacked.join("usr/bin/stormpad"));

    // The tarball, for other distributions: unpacked and installed into a prefix.
    let untarred = dir.path().join("tar");
    std::fs::create_dir_all(&untarred)?;
    let t = run(
        "tar",
        &[
            "-xzf",
            &tar.display().to_string(),
            "-C",
            &untarred.display().to_string(),
        ],
    );
    assert!(t.status.success(), "{}", text(&t.stderr));
    let folder = std::fs::read_dir(&untarred)?
        .next()
        .ok_or("the tarball is empty")??
        .path();
    let prefix = dir.path().join("home with space/.local");
    let install = run(folder.join("install.sh"), &[&prefix.display().to_string()]);
    assert!(install.status.success(), "{}", text(&install.stderr));
    assert!(text(&install.stdout).contains("Stormpad is installed"));
    runs_without_rust(&prefix.join("bin/stormpad"));
    // Its desktop entry starts that program by its full path, and is still valid.
    let entry = prefix.join("share/applications/stormpad.desktop");
    let desktop = std::fs::read_to_string(&entry)?;
    let exec = format!("\nExec=\"{}\" %f\n", prefix.join("bin/stormpad").display());
    assert!(desktop.contains(&exec), "{desktop}");
    let valid = run("desktop-file-validate", &[&entry.display().to_string()]);
    assert!(valid.status.success(), "{}", text(&valid.stdout));
    // The file type is registered in the prefix.
    let globs = std::fs::read_to_string(prefix.join("share/mime/globs2"))?;
    assert!(
        globs.contains("application/x-stormpad:*.storm.ron"),
        "{globs}"
    );
    Ok(())
}
