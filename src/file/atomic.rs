//! Atomic saving: the target file is either the old board or the new one, never half of each.
//! A save that was killed half way leaves its temporary file beside the board; the next save
//! of that board removes it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file older than this is left over whatever its name says (a save takes
/// milliseconds).
const CERTAINLY_LEFT_OVER: Duration = Duration::from_secs(60 * 60);

/// Writes `bytes` to `path` through a temporary file in the same folder: write, flush to disk,
/// copy the old file's permissions, rename over the target. Any failure leaves the old file as
/// it was and removes the temporary file. Temporary files of earlier saves of the same board
/// that were killed half way are removed first (see [`remove_leftovers`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name to save to"))?;
    let name = name.to_string_lossy();
    remove_leftovers(&dir, &name);
    let tmp = dir.join(format!(
        ".{name}.{}-{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    ));
    let result = write_then_rename(&tmp, path, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the temporary files that saves of the board `name` in `dir` left behind when they
/// were killed: `.NAME.PID-XXXXXXXX.tmp` whose process no longer runs (another window saving
/// the same board at this moment keeps its file), or any such file older than an hour
/// (`.NAME.XXXXXXXX.tmp` too, as earlier versions named them). Best effort: a file that cannot
/// be removed stays, and the save goes on.
fn remove_leftovers(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let is_random = |hex: &str| hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(middle) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| f.strip_suffix(".tmp"))
        else {
            continue;
        };
        let writer = match middle.split_once('-') {
            Some((pid, hex)) if is_random(hex) => pid.parse::<u32>().ok(),
            None if is_random(middle) => None,
            _ => continue,
        };
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > CERTAINLY_LEFT_OVER);
        if old || writer.is_some_and(|pid| !process_runs(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether the process `pid` still runs (where the system can say; elsewhere it is assumed
/// to, and only age tells a leftover).
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Ok(meta) = fs::metadata(path) {
        fs::set_permissions(tmp, meta.permissions())?;
    }
    drop(file);
    fs::rename(tmp, path)?;
    // Make the rename itself durable where the platform allows opening a folder.
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("b.storm.ron");
        write_atomic(&path, b"old")?;
        write_atomic(&path, b"new")?;
        assert_eq!(fs::read(&path)?, b"new");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn saving_keeps_the_file_permissions() -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("b.storm.ron");
        fs::write(&path, b"old")?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640))?;
        write_atomic(&path, b"new")?;
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o640);
        Ok(())
    }

    #[test]
    fn the_next_save_removes_what_a_killed_save_left_but_not_a_save_in_progress() -> io::Result<()>
    {
        use std::process::Command;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("b.storm.ron");
        write_atomic(&path, b"old")?;
        // A save killed half way: its process is gone, its temporary file is still there.
        let mut gone = Command::new("true").spawn()?;
        gone.wait()?;
        let killed = dir
            .path()
            .join(format!(".b.storm.ron.{}-0a1b2c3d.tmp", gone.id()));
        fs::write(&killed, b"half a bo")?;
        // One of an earlier Stormpad (no process id in the name), from yesterday.
        let yesterday = dir.path().join(".b.storm.ron.deadbeef.tmp");
        fs::File::create(&yesterday)?
            .set_modified(SystemTime::now() - Duration::from_secs(24 * 60 * 60))?;
        // Another window saving the same board right now, and files that are not ours.
        let mut running = Command::new("sleep").arg("30").spawn()?;
        let in_progress = dir
            .path()
            .join(format!(".b.storm.ron.{}-00ff00ff.tmp", running.id()));
        fs::write(&in_progress, b"new bo")?;
        let others = [
            ".b.storm.ron.notes.tmp",
            ".c.storm.ron.0a1b2c3d.tmp",
            "b.storm.ron.bak",
        ];
        for other in others {
            fs::write(dir.path().join(other), b"keep")?;
        }

        write_atomic(&path, b"new")?;
        let still_running = in_progress.exists();
        running.kill()?;
        running.wait()?;
        assert_eq!(fs::read(&path)?, b"new");
        assert!(!killed.exists() && !yesterday.exists());
        assert!(still_running, "the save in progress lost its file");
        for other in others {
            assert!(dir.path().join(other).exists(), "{other}");
        }
        Ok(())
    }

    #[test]
    fn a_failed_save_leaves_the_old_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("missing-folder").join("b.storm.ron");
        assert!(write_atomic(&path, b"x").is_err());
        Ok(())
    }
}
