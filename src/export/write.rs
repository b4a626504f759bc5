//! The one function that writes an export's files, [`write_outputs`]. Whatever people type
//! on stickies ends up in file names, so every path is untrusted: the writer refuses any path
//! that could leave the chosen folder or clash on another file system, never follows a link
//! out of the folder, and never deletes a file it did not write.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::{Merge, OutputFile};
use crate::model::naming;

/// Why an export was not written. Nothing is written when any path is refused.
#[derive(Debug)]
pub enum ExportError {
    /// A path that could escape the folder or that some file system cannot hold.
    UnsafePath { path: String, reason: &'static str },
    /// Two outputs that would be one file where case does not count (macOS, Windows).
    CaseCollision { first: String, second: String },
    /// Writing failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::UnsafePath { path, reason } => {
                write!(f, "refused to write \"{path}\": {reason}")
            }
            ExportError::CaseCollision { first, second } => write!(
                f,
                "refused to write \"{first}\" and \"{second}\": they differ only in case and \
                 would be one file on macOS and Windows"
            ),
            ExportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ExportError {}

/// Checks that a relative output path stays inside the folder and is a valid file name on
/// Linux, macOS and Windows alike.
pub fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("the path is empty");
    }
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err("absolute paths and drive letters are not allowed");
    }
    if path.contains('\\') {
        return Err("backslashes are not allowed (paths use `/`)");
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err("empty, `.` and `..` path parts are not allowed");
        }
        if part
            .chars()
            .any(|c| c.is_control() || "<>\"|?*".contains(c))
        {
            return Err("the name holds a character Windows does not allow");
        }
        if part.ends_with('.') || part.ends_with(' ') {
            return Err("a name ending in a dot or a space is not allowed on Windows");
        }
        if naming::is_windows_device(part) {
            return Err("the name is reserved for a device on Windows");
        }
        if part.len() > 255 {
            return Err("a name longer than 255 bytes is not allowed");
        }
    }
    Ok(())
}

/// What [`write_outputs`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// Files left as they were because a person owns them ([`Merge::CreateOnly`]).
    pub kept: Vec<PathBuf>,
}

/// The frontmatter (`---` ... `---`) of `new` followed by the body of `old`; `new` whole
/// when `old` has no frontmatter to replace (a person rewrote the file: keep theirs).
fn with_body_of(new: &[u8], old: &[u8]) -> Vec<u8> {
    let (Ok(new), Ok(old)) = (std::str::from_utf8(new), std::str::from_utf8(old)) else {
        return old.to_vec();
    };
    match (split_frontmatter(new), split_frontmatter(old)) {
        (Some((front, _)), Some((_, body))) => format!("{front}{body}").into_bytes(),
        _ => old.as_bytes().to_vec(),
    }
}

/// Splits a page into its frontmatter (both `---` lines included) and the rest.
fn split_frontmatter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let split = 4 + end + 5;
    Some((&text[..split], &text[split..]))
}

/// Writes `files` under `root` (created if missing). Every path is checked before anything is
/// written; existing files with other names are left alone; an existing link on the way (a
/// folder or the file itself) is refused rather than followed; each file is written
/// atomically.
pub fn write_outputs(root: &Path, files: &[OutputFile]) -> Result<WriteReport, ExportError> {
    let mut folded: BTreeMap<String, &str> = BTreeMap::new();
    for file in files {
        check_path(&file.path).map_err(|reason| ExportError::UnsafePath {
            path: file.path.clone(),
            reason,
        })?;
        if let Some(first) = folded.insert(file.path.to_lowercase(), &file.path) {
            return Err(ExportError::CaseCollision {
                first: first.to_owned(),
                second: file.path.clone(),
            });
        }
    }
    std::fs::create_dir_all(root).map_err(|source| ExportError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut report = WriteReport::default();
    for file in files {
        let target = inside(root, &file.path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let existing = match file.merge {
            Merge::Overwrite => None,
            Merge::KeepBody | Merge::CreateOnly => std::fs::read(&target).ok(),
        };
        let contents = match (file.merge, existing) {
            (Merge::CreateOnly, Some(_)) => {
                report.kept.push(target);
                continue;
            }
            (Merge::KeepBody, Some(old)) => with_body_of(&file.contents, &old),
            _ => file.contents.clone(),
        };
        crate::file::write_atomic(&target, &contents).map_err(|source| ExportError::Io {
            path: target.clone(),
            source,
        })?;
        report.written.push(target);
    }
    Ok(report)
}

/// The path of `relative` under `root`, refusing links among the parts that already exist.
fn inside(root: &Path, relative: &str) -> Result<PathBuf, ExportError> {
    let mut at = root.to_path_buf();
    for part in Path::new(relative).components() {
        let Component::Normal(name) = part else {
            return Err(ExportError::UnsafePath {
                path: relative.to_owned(),
                reason: "only plain names are allowed",
            });
        };
        at.push(name);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ExportError::UnsafePath {
                path: relative.to_owned(),
                reason: "a link in the output folder is in the way; links are not followed",
            });
        }
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str) -> OutputFile {
        OutputFile::new(path.to_owned(), b"x".to_vec())
    }

    #[test]
    fn paths_that_leave_the_folder_or_break_on_some_system_are_refused() {
        for bad in [
            "../../x",
            "a/../../b",
            "/etc/passwd",
            "C:/x",
            "\\\\server\\x",
            "a//b",
            "./a",
            "CON",
            "con.json",
            "events/NUL.md",
            "Lpt1.txt",
            "a\u{0}b",
            "what?.json",
            "dot.",
            "space ",
            "",
        ] {
            assert!(check_path(bad).is_err(), "{bad:?} was accepted");
        }
        for good in [
            "events/order-placed/schema.json",
            "README.md",
            "Café/über.md",
            "console.md",
        ] {
            assert!(check_path(good).is_ok(), "{good:?} was refused");
        }
    }

    #[test]
    fn nothing_is_written_when_one_path_is_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("out");
        let result = write_outputs(&root, &[out("fine.md"), out("../escape.md")]);
        assert!(matches!(result, Err(ExportError::UnsafePath { .. })));
        assert!(!root.join("fine.md").exists());
        assert!(!dir.path().join("escape.md").exists());
        Ok(())
    }

    #[test]
    fn names_differing_only_in_case_are_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let result = write_outputs(
            dir.path(),
            &[out("events/Order.json"), out("events/order.json")],
        );
        assert!(
            matches!(result, Err(ExportError::CaseCollision { .. })),
            "{result:?}"
        );
        Ok(())
    }

    #[test]
    fn a_link_inside_the_folder_is_not_followed_out_of_it() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside)?;
        let root = dir.path().join("out");
        std::fs::create_dir(&root)?;
        std::os::unix::fs::symlink(&outside, root.join("events"))?;
        std::os::unix::fs::symlink(outside.join("f.md"), root.join("f.md"))?;
        assert!(write_outputs(&root, &[out("events/x.md")]).is_err());
        assert!(write_outputs(&root, &[out("f.md")]).is_err());
        assert_eq!(
            std::fs::read_dir(&outside)?.count(),
            0,
            "nothing was written outside"
        );
        Ok(())
    }

    #[test]
    fn merging_keeps_the_prose_under_the_frontmatter_and_files_a_person_owns()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let page = |front: &str, body: &str| OutputFile {
            path: "events/a/index.mdx".into(),
            contents: format!("---\nid: {front}\n---\n{body}").into_bytes(),
            merge: Merge::KeepBody,
        };
        write_outputs(dir.path(), &[page("a", "generated\n")])?;
        let path = dir.path().join("events/a/index.mdx");
        std::fs::write(&path, "---\nid: a\n---\nWritten by a person.\n")?;
        write_outputs(dir.path(), &[page("b", "generated\n")])?;
        assert_eq!(
            std::fs::read_to_string(&path)?,
            "---\nid: b\n---\nWritten by a person.\n"
        );
        let owned = OutputFile {
            merge: Merge::CreateOnly,
            ..out("skeleton.rs")
        };
        write_outputs(dir.path(), std::slice::from_ref(&owned))?;
        std::fs::write(dir.path().join("skeleton.rs"), "mine")?;
        let report = write_outputs(dir.path(), &[owned])?;
        assert_eq!(report.kept.len(), 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("skeleton.rs"))?,
            "mine"
        );
        Ok(())
    }

    #[test]
    fn re_exporting_keeps_files_stormpad_did_not_write() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("events"))?;
        std::fs::write(dir.path().join("events/notes-by-a-person.md"), "keep me")?;
        let first = write_outputs(dir.path(), &[out("events/a.md"), out("events/b.md")])?;
        assert_eq!(first.written.len(), 2);
        write_outputs(dir.path(), &[out("events/a.md")])?;
        assert_eq!(
            std::fs::read_to_string(dir.path().join("events/notes-by-a-person.md"))?,
            "keep me"
        );
        assert!(
            dir.path().join("events/b.md").exists(),
            "an output no longer produced stays"
        );
        Ok(())
    }
}
