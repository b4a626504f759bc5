//! `stormpad git-setup`: tells git to merge boards with `stormpad merge` and to show them in
//! `git diff` through `stormpad textconv`, for one repository or (`--global`) for the user.
//! Running it again changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The line `.gitattributes` gets.
pub const ATTRIBUTES_LINE: &str = "*.storm.ron merge=stormpad diff=stormpad";

/// What git-setup wrote, for the message.
#[derive(Debug, Default)]
pub struct Done {
    /// The attributes file, and whether the line was added (false: it was already there).
    pub attributes: Option<(PathBuf, bool)>,
    /// The merge driver command as configured.
    pub driver: String,
}

/// How git should call this program: `stormpad` when the one on `PATH` is this binary (it
/// survives upgrades and moves), else this binary's absolute path, quoted for git's shell.
pub fn program() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "stormpad".to_owned();
    };
    let exe = exe.canonicalize().unwrap_or(exe);
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("stormpad"))
            .find(|p| p.is_file())
    });
    match on_path.and_then(|p| p.canonicalize().ok()) {
        Some(found) if found == exe => "stormpad".to_owned(),
        _ => shell_quote(&exe.to_string_lossy()),
    }
}

/// `text` as one word for a POSIX shell (git runs drivers through `sh -c`).
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Configures git in `dir`'s repository (or globally): the merge driver, the diff textconv,
/// and the attributes line.
pub fn run(dir: &Path, global: bool) -> Result<Done, String> {
    let program = program();
    let labels = if git_version(dir).is_some_and(|v| v >= (2, 44)) {
        // Git 2.44 passes the branch names it puts in conflict markers as %S %X %Y.
        " --base-label %S --ours-label %X --theirs-label %Y"
    } else {
        ""
    };
    let driver = format!("{program} merge %O %A %B --output %A --marker-size %L --path %P{labels}");
    let scope = if global { "--global" } else { "--local" };
    for (key, value) in [
        (
            "merge.stormpad.name",
            "Stormpad board merge (by id, field by field)",
        ),
        ("merge.stormpad.driver", driver.as_str()),
        ("diff.stormpad.textconv", &format!("{program} textconv")),
    ] {
        git(dir, &["config", scope, key, value])?;
    }
    let attributes = if global {
        global_attributes(dir)?
    } else {
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        PathBuf::from(top.trim()).join(".gitattributes")
    };
    let added = add_line(&attributes, ATTRIBUTES_LINE)?;
    Ok(Done {
        attributes: Some((attributes, added)),
        driver,
    })
}

/// The user's attributes file: `core.attributesFile`, else git's default
/// (`$XDG_CONFIG_HOME/git/attributes` or `~/.config/git/attributes`).
fn global_attributes(dir: &Path) -> Result<PathBuf, String> {
    if let Ok(set) = git(
        dir,
        &["config", "--global", "--path", "core.attributesFile"],
    ) {
        let set = set.trim();
        if !set.is_empty() {
            return Ok(PathBuf::from(set));
        }
    }
    let config = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(xdg) => PathBuf::from(xdg),
        None => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".config"))
            .ok_or("neither XDG_CONFIG_HOME nor HOME is set; cannot find git's attributes file")?,
    };
    Ok(config.join("git").join("attributes"))
}

/// Adds `line` to the file unless a line equal to it (ignoring surrounding blanks) is there.
fn add_line(path: &Path, line: &str) -> Result<bool, String> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    if existing.lines().any(|l| l.trim() == line) {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    crate::file::write_atomic(path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(true)
}

/// Runs git in `dir`; its stdout, or its stderr as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Git's version as (major, minor), from `git version 2.47.3`.
fn git_version(dir: &Path) -> Option<(u32, u32)> {
    let text = git(dir, &["version"]).ok()?;
    let mut parts = text.split_whitespace().nth(2)?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(
            shell_quote("/opt/my tools/stormpad"),
            "'/opt/my tools/stormpad'"
        );
        assert_eq!(shell_quote("/a'b"), r"'/a'\''b'");
    }
}
