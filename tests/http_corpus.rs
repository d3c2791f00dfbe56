//! Real `.http` files (other people's, kept beside the project in
//! `../shared/http-corpus/`, never copied into it): every file loads with the
//! number of requests `expected.json` gives, an unedited request is not
//! modified and its save leaves the file byte for byte, and an edit of one
//! request changes only that request's bytes. Skipped, with a note, where the
//! folder is absent.

use std::path::{Path, PathBuf};

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::sources::http_file::edit::Edit;
use connect_inspector::sources::http_file::write_back::{self, Edited};
use connect_inspector::sources::http_file::{Content, HttpFile, Request, load, save};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/http-corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent: the real-world .http corpus test is skipped",
            dir.display()
        );
        None
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "http" || e == "rest"))
        .collect();
    out.sort();
    out
}

/// What the TUI's editor holds right after loading `r` (as `load_file_request` fills it).
fn in_editor(r: &Request) -> Edited {
    let headers: Vec<String> = r.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    let editor = RequestEditor::new(&r.method, &r.target, &headers.join("\n"), &r.body);
    Edited {
        method: editor.method().to_owned(),
        target: editor.url_text(),
        headers: editor.parsed_headers().expect("headers as loaded parse"),
        body: editor.body_text(),
    }
}

#[test]
fn every_corpus_file_loads_with_its_expected_requests() {
    let Some(dir) = corpus() else { return };
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let mut judged = 0;
    let mut wrong = Vec::new();
    let all = files(&dir);
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = load::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let malformed: Vec<String> = file
            .blocks()
            .iter()
            .filter_map(|b| match &b.content {
                Content::Malformed(m) => Some(m.to_string()),
                _ => None,
            })
            .collect();
        assert!(malformed.is_empty(), "{name}: {malformed:?}");
        let count = file.requests().count() as u64;
        let entry = &expected["files"][&name];
        match entry["expected"].as_u64() {
            Some(n) => {
                judged += 1;
                if n != count {
                    wrong.push(format!("{name}: {count} requests, expected {n}"));
                }
            }
            // httpyac-only syntax: loads without losing a request REST Client's rules find.
            None => {
                let floor = entry["restclient_rules"].as_u64().expect("a count");
                assert!(
                    count >= floor,
                    "{name}: {count} requests, REST Client finds {floor}"
                );
            }
        }
    }
    eprintln!(
        "http corpus: {} files; {} of {judged} judged files list the expected requests",
        all.len(),
        judged - wrong.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn an_unedited_save_of_every_corpus_request_leaves_the_file_byte_identical() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().expect("dir");
    let (mut identical, mut requests) = (0, 0);
    let all = files(&dir);
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read(path).expect("read");
        let copy = tmp.path().join(&name);
        std::fs::write(&copy, &original).expect("copy");
        let file = load::read(&copy).expect("load");
        let found: Vec<(usize, Request)> = file.requests().map(|(b, r)| (b, r.clone())).collect();
        for (block, r) in found {
            requests += 1;
            let e = in_editor(&r);
            assert!(
                !write_back::is_modified(&r, &e),
                "{name}:{}: modified as soon as it loads",
                r.line
            );
            // Were it written anyway, the save would write the file's own bytes.
            let on_disk = load::read(&copy).expect("reload");
            let text = write_back::block_text(&on_disk, block, &r, &e).expect("block");
            save::save(
                &copy,
                Some(on_disk.text()),
                &Edit::Block { index: block, text },
            )
            .unwrap_or_else(|err| panic!("{name}:{}: {err}", r.line));
        }
        let after = std::fs::read(&copy).expect("read back");
        assert_eq!(after, original, "{name} changed");
        identical += 1;
    }
    eprintln!(
        "http corpus: {identical} of {} files byte-identical after an unedited save of each of their {requests} requests",
        all.len()
    );
}

#[test]
fn an_edit_of_one_corpus_request_changes_only_that_request() {
    let Some(dir) = corpus() else { return };
    const LINE: &str = "X-Cinspect-Check: 1";
    let mut edits = 0;
    for path in files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = load::read(&path).expect("load");
        let nl = if file.text().contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        for (block, r) in file.requests() {
            let mut e = in_editor(r);
            e.headers
                .push(("X-Cinspect-Check".to_owned(), "1".to_owned()));
            let new = write_back::block_text(&file, block, r, &e).expect("block");
            let old = file.block_text(block).expect("old");
            let without = new.replacen(&format!("{LINE}{nl}"), "", 1);
            assert!(
                without == old || without == format!("{old}{nl}"),
                "{name}:{}: the edit changed more than its header line:\n{old:?}\n→ {new:?}",
                r.line
            );
            let mut edited = file.clone();
            assert!(edited.replace_block(block, &new));
            for k in 0..file.blocks().len() {
                if k != block {
                    assert_eq!(
                        edited.block_text(k),
                        file.block_text(k),
                        "{name}: block {k}"
                    );
                }
            }
            let again: Vec<&Request> = edited.requests().map(|(_, r)| r).collect();
            assert_eq!(again.len(), file.requests().count(), "{name}");
            let reread = HttpFile::parse(edited.text());
            let (_, r2) = reread
                .requests()
                .find(|(b, _)| *b == block)
                .expect("the request is still there");
            assert!(
                !write_back::is_modified(r2, &e),
                "{name}:{}: {r2:?}",
                r.line
            );
            edits += 1;
        }
    }
    eprintln!("http corpus: {edits} one-request edits, each changing only its request");
}
