//! Output folders: only sanxian's own are replaced, the replace never leaves the folder
//! missing, runs do not interleave, and leftovers of killed runs are cleaned up. Expected states
//! are by construction (the files each step leaves).

use std::fs;
use std::path::Path;

use sanxian_io::output::{is_sanxian_output, preflight, OutputDir, MARKER};

fn write_run(target: &Path, content: &str) {
    let out = OutputDir::create(target, "test").unwrap();
    fs::write(out.path().join("result.txt"), content).unwrap();
    out.commit().unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_new_folder_is_created_marked_and_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    write_run(&target, "one");
    assert!(is_sanxian_output(&target));
    write_run(&target, "two");
    assert_eq!(
        fs::read_to_string(target.join("result.txt")).unwrap(),
        "two"
    );
    assert_eq!(names(&target), [MARKER, "result.txt"]);
    assert_eq!(names(dir.path()), ["out"], "no staging folder or lock left");
}

#[test]
fn a_file_the_user_put_in_a_results_folder_is_never_deleted() {
    // Regression: a user's notes saved into a results folder went with the old results.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    write_run(&target, "one");
    fs::write(target.join("my_notes.txt"), "mine").unwrap();
    let err = OutputDir::create(&target, "test").unwrap_err().to_string();
    assert!(err.contains("my_notes.txt"), "{err}");
    assert!(preflight(&target).is_err());
    assert_eq!(
        fs::read_to_string(target.join("my_notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        fs::read_to_string(target.join("result.txt")).unwrap(),
        "one"
    );
    assert_eq!(names(dir.path()), ["out"], "nothing created beside it");
}

#[test]
fn foreign_folders_and_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("draft.shp"), "user data").unwrap();
    let err = OutputDir::create(&mine, "test").unwrap_err().to_string();
    assert!(
        err.contains("sanxian did not write") && err.contains("mine"),
        "{err}"
    );
    assert!(preflight(&mine).is_err());
    assert_eq!(names(&mine), ["draft.shp"]);
    assert_eq!(names(dir.path()), ["mine"], "nothing created beside it");
    let file = dir.path().join("file.txt");
    fs::write(&file, "x").unwrap();
    assert!(OutputDir::create(&file, "test").is_err());
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn dropping_an_unfinished_run_keeps_the_old_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    write_run(&target, "old");
    {
        let out = OutputDir::create(&target, "test").unwrap();
        fs::write(out.path().join("result.txt"), "half").unwrap();
        // The run fails before commit: dropped.
    }
    assert_eq!(
        fs::read_to_string(target.join("result.txt")).unwrap(),
        "old"
    );
    assert_eq!(names(dir.path()), ["out"]);
}

#[test]
fn a_run_killed_between_two_renames_is_repaired_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    write_run(&target, "old");
    // What the two-rename fallback leaves when killed after the first rename: the old folder
    // set aside under a process id that is gone, none in place, a staging folder half written.
    let dead = 4_000_000_000u32;
    fs::rename(&target, dir.path().join(format!(".out.sanxian-old-{dead}"))).unwrap();
    fs::create_dir(dir.path().join(format!(".out.sanxian-new-{dead}"))).unwrap();
    let out = OutputDir::create(&target, "test").unwrap();
    // Before the new run commits, the old report is back in place.
    assert_eq!(
        fs::read_to_string(target.join("result.txt")).unwrap(),
        "old"
    );
    fs::write(out.path().join("result.txt"), "new").unwrap();
    out.commit().unwrap();
    assert_eq!(
        fs::read_to_string(target.join("result.txt")).unwrap(),
        "new"
    );
    assert_eq!(
        names(dir.path()),
        ["out"],
        "leftovers of the killed run removed"
    );
}

#[test]
fn a_live_run_holds_its_folder_and_a_dead_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let lock = dir.path().join(".out.sanxian-lock");
    // Process 1 (init) lives as long as the machine.
    fs::write(&lock, "1\n").unwrap();
    let err = OutputDir::create(&target, "test").unwrap_err().to_string();
    assert!(err.contains("another sanxian run (process 1)"), "{err}");
    assert!(preflight(&target).is_err());
    assert!(!target.exists());
    // A lock whose process is gone is taken over.
    fs::write(&lock, "4000000000\n").unwrap();
    write_run(&target, "mine");
    assert!(!lock.exists());
    // While one run holds the folder, a second one is refused.
    let first = OutputDir::create(&target, "test").unwrap();
    let lock_text = fs::read_to_string(&lock).unwrap();
    assert_eq!(lock_text.trim(), std::process::id().to_string());
    drop(first);
    assert!(!lock.exists());
}

#[test]
fn an_empty_folder_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("empty");
    fs::create_dir(&target).unwrap();
    write_run(&target, "x");
    assert_eq!(names(&target), [MARKER, "result.txt"]);
}
