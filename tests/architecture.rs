//! The architecture's rules that clippy does not check (ARCHITECTURE.md,
//! CODE_STYLE.md), checked on the sources:
//!
//! - no import circle joins files of different folders: within each crate,
//!   the files that import each other (through `crate::`, `super::` and
//!   `self::` paths, and the crate root's bare paths; the crate root
//!   `lib.rs` counted, what it re-exports followed to the file defining
//!   it) form no cycle that leaves a folder (`foo.rs` belongs to `foo/`);
//! - no circle joins a crate's top-level modules (the engine's stages
//!   import one way), and the engine's stages import what ARCHITECTURE.md's
//!   table says;
//! - the engine picks no language (no `Lang`, no `i18n`);
//! - the engine's dependencies include no egui, eframe or winit;
//! - the report layer (crates/seatcast-report: words, charts, exports)
//!   depends on no window and not on the crate of the window and the CLI,
//!   so the compiler keeps it below them;
//! - no source file is over 800 lines (tests aside);
//! - the engine's public items are its curated API, as ARCHITECTURE.md
//!   lists it: no module below `lib.rs` is `pub`, and what `lib.rs` and
//!   each stage namespace give is exactly the document's table.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The crates' source folders.
fn crates() -> Vec<PathBuf> {
    [
        "src",
        "crates/seatcast-core/src",
        "crates/seatcast-engine/src",
        "crates/seatcast-report/src",
        "crates/seatcast-testkit/src",
    ]
    .iter()
    .map(|p| Path::new(ROOT).join(p))
    .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A file's module path within its crate: `import/sheet/years.rs` →
/// `["import", "sheet", "years"]`; `mod.rs`, `lib.rs` and `main.rs` are
/// their folder's module.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
    {
        parts.pop();
    }
    parts
}

/// The source without comments, string literals and test modules (a
/// test module may import what it likes).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        // Drop string literals (paths in messages are not imports).
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every path the code names from `crate`, `super` or `self`, as module
/// segments resolved from the file's own module (use groups expanded one
/// level: `crate::a::{b, c::d}`).
fn paths_named(code: &str, module: &[String], is_mod_file: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let text: String = bytes.iter().collect();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            let before = text[..at].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == ':' {
                continue;
            }
            let rest = &text[at..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let path = &rest[..end];
            let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let mut base: Vec<String> = match segs.first().copied() {
                Some("crate") => Vec::new(),
                Some("self") => module.to_vec(),
                Some("super") => {
                    let mut b = module.to_vec();
                    // A file's `super` is its folder's module; a mod.rs's
                    // `super` is the folder above.
                    if is_mod_file || !b.is_empty() {
                        b.pop();
                    }
                    b
                }
                _ => continue,
            };
            segs.remove(0);
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
            let mut full = base.clone();
            full.extend(segs.iter().map(|s| s.to_string()));
            out.push(full.clone());
            use_group(&rest[end..], &full, &mut out);
        }
    }
    out
}

/// A use group right after a path (`{a, b::c}` after `x::`): each item
/// as a path from `base`.
fn use_group(after: &str, base: &[String], out: &mut Vec<Vec<String>>) {
    if !after.starts_with('{') {
        return;
    }
    let Some(close) = after.find('}') else {
        return;
    };
    for item in after[1..close].split(',') {
        let item = item.split(" as ").next().unwrap_or("").trim();
        if item.is_empty() || item == "self" || item == "*" {
            continue;
        }
        let mut p = base.to_vec();
        p.extend(item.split("::").map(|s| s.trim().to_string()));
        out.push(p);
    }
}

/// The file a path lands in: the longest prefix that is a module file.
fn resolve(files: &BTreeMap<Vec<String>, PathBuf>, path: &[String]) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| files.contains_key(p))
}

/// Strongly connected groups of a graph (Tarjan), those of two or more.
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct T<'g> {
        g: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        next: usize,
        out: Vec<Vec<Vec<String>>>,
    }
    impl T<'_> {
        fn visit(&mut self, v: &Vec<String>) {
            self.index.insert(v.clone(), self.next);
            self.low.insert(v.clone(), self.next);
            self.next += 1;
            self.stack.push(v.clone());
            self.on.insert(v.clone());
            let g = self.g;
            for w in g.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let l = self.low[w].min(self.low[v]);
                    self.low.insert(v.clone(), l);
                } else if self.on.contains(w) {
                    let l = self.index[w].min(self.low[v]);
                    self.low.insert(v.clone(), l);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(&w);
                    let done = &w == v;
                    group.push(w);
                    if done {
                        break;
                    }
                }
                if group.len() > 1 {
                    self.out.push(group);
                }
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out
}

/// The crate root's bare paths: in `lib.rs`, `a::b` names the crate's
/// own module `a` when `a` is one of its top-level modules.
fn bare_paths(code: &str, top: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("::") {
        let at = from + i;
        from = at + 2;
        let head_start = code[..at]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |k| k + 1);
        let head = &code[head_start..at];
        let before = code[..head_start].chars().last().unwrap_or(' ');
        if before == ':' || !top.contains(head) {
            continue;
        }
        let rest = &code[head_start..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path: Vec<String> = rest[..end]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        out.push(path.clone());
        use_group(&rest[end..], &path, &mut out);
    }
    out
}

/// What the crate root re-exports or imports (`pub use a::b::Name;`,
/// `pub use a::{B, C};`, `use other as name;`): a name → the path it
/// stands for, so a path through it lands in the file that defines it (or
/// in another crate: no edge), not in the root.
fn reexports(root_code: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for stmt in root_code.split(';') {
        // The statement starts at a line's start (after attributes).
        let Some(body) = ["pub use ", "pub(crate) use ", "use "]
            .iter()
            .filter_map(|k| match stmt.trim_start().strip_prefix(k) {
                Some(b) => Some((0, b)),
                None => stmt
                    .find(&format!("\n{k}"))
                    .map(|i| (i, &stmt[i + 1 + k.len()..])),
            })
            .min_by_key(|(i, _)| *i)
            .map(|(_, b)| b)
        else {
            continue;
        };
        let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let (prefix, items) = match body.find("::{") {
            Some(i) => (
                &body[..i],
                body[i + 3..].trim_end_matches('}').split(',').collect(),
            ),
            None => match body.rfind("::") {
                Some(i) => (&body[..i], vec![&body[i + 2..]]),
                // `use other_crate as name;`
                None => ("", vec![body.as_str()]),
            },
        };
        let prefix: Vec<String> = prefix
            .split("::")
            .filter(|s| !s.is_empty() && *s != "crate")
            .map(str::to_string)
            .collect();
        for item in items {
            let mut parts = item.split(" as ").map(str::trim);
            let path = parts.next().unwrap_or("");
            let name = parts
                .next()
                .unwrap_or(path.rsplit("::").next().unwrap_or(path));
            if path.is_empty() || path == "*" || path == "self" {
                continue;
            }
            let mut full = prefix.clone();
            full.extend(path.split("::").map(str::to_string));
            out.insert(name.to_string(), full);
        }
    }
    out
}

/// A crate's files by module path.
type Files = BTreeMap<Vec<String>, PathBuf>;
/// A module → the modules it names.
type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// The module-level import graph of one crate: a file → the files whose
/// items it names, the crate root (`lib.rs`) counted, its bare paths too,
/// and paths through the root's re-exports followed to where they lead.
fn import_graph(root: &Path) -> (Files, Graph) {
    let mut list = Vec::new();
    rust_files(root, &mut list);
    let files: Files = list
        .iter()
        // main.rs is a crate of its own (the binary), bin/ too.
        .filter(|p| {
            !p.ends_with("tests.rs")
                && *p != &root.join("main.rs")
                && !p.to_string_lossy().contains("/bin/")
        })
        .map(|p| (module_of(root, p), p.clone()))
        .collect();
    let top: BTreeSet<String> = files
        .keys()
        .filter(|m| m.len() == 1)
        .map(|m| m[0].clone())
        .collect();
    let root_code = files
        .get(&Vec::new())
        .map(|f| code_of(&std::fs::read_to_string(f).unwrap()))
        .unwrap_or_default();
    let through = reexports(&root_code);
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let is_mod = file.ends_with("mod.rs");
        let mut paths = paths_named(&code, module, is_mod);
        if module.is_empty() {
            paths.extend(bare_paths(&code, &top));
        }
        let edges = graph.entry(module.clone()).or_default();
        for path in paths {
            let path = match path.first().and_then(|head| through.get(head)) {
                Some(target) if !top.contains(&path[0]) => {
                    if !target.first().is_some_and(|t| top.contains(t)) {
                        continue; // another crate's
                    }
                    let mut p = target.clone();
                    p.extend(path[1..].iter().cloned());
                    p
                }
                _ => path,
            };
            if let Some(to) = resolve(&files, &path).filter(|t| t != module) {
                edges.insert(to);
            }
        }
    }
    (files, graph)
}

/// The folders a file belongs to: the one it is in, and for `foo.rs`
/// beside a folder `foo/`, that folder too (it is the folder's module, as
/// `foo/mod.rs` would be).
fn folders_of(file: &Path) -> BTreeSet<PathBuf> {
    let mut out: BTreeSet<PathBuf> = file.parent().map(Path::to_path_buf).into_iter().collect();
    let own = file.with_extension("");
    if own.is_dir() {
        out.insert(own);
    }
    out
}

#[test]
fn no_import_circle_joins_files_of_different_folders() {
    let mut crossing = Vec::new();
    for root in crates() {
        let (files, graph) = import_graph(&root);
        for group in cycles(&graph) {
            // A circle within one folder is one concern's business.
            let mut shared = folders_of(&files[&group[0]]);
            for m in &group[1..] {
                let own = folders_of(&files[m]);
                shared.retain(|f| own.contains(f));
            }
            if shared.is_empty() {
                crossing.push(
                    group
                        .iter()
                        .map(|m| files[m].strip_prefix(ROOT).unwrap().display().to_string())
                        .collect::<Vec<_>>(),
                );
            }
        }
    }
    assert!(
        crossing.is_empty(),
        "import circles across folders: {crossing:#?}"
    );
}

#[test]
fn the_circle_check_sees_a_circle() {
    // a.rs imports b/c.rs, and b/c.rs imports a.rs back: one group of two
    // files in different folders.
    let a = vec!["a".to_string()];
    let c = vec!["b".to_string(), "c".to_string()];
    let mut files = BTreeMap::new();
    files.insert(a.clone(), PathBuf::from("a.rs"));
    files.insert(c.clone(), PathBuf::from("b/c.rs"));
    let to_c = paths_named("use crate::b::c::Thing;", &a, false);
    let to_a = paths_named("use super::super::a::Other;", &c, false);
    assert_eq!(resolve(&files, &to_c[0]), Some(c.clone()));
    assert_eq!(resolve(&files, &to_a[0]), Some(a.clone()));
    let mut graph = BTreeMap::new();
    graph.insert(a.clone(), BTreeSet::from([c.clone()]));
    graph.insert(c.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(cycles(&graph).len(), 1);
}

#[test]
fn the_crate_root_counts_and_its_reexports_lead_through() {
    // lib.rs names `a` bare and re-exports `b::Thing`; b.rs names
    // `crate::Thing` (the re-export: an edge to b, not to the root) and
    // `crate::Other`, defined in the root: an edge to the root, which with
    // the root's bare `a::f` and a.rs's `crate::b` closes a circle.
    let root = "pub use b::Thing;\npub fn g() { a::f(); }\nstruct Other;";
    let top = BTreeSet::from(["a".to_string(), "b".to_string()]);
    let through = reexports(&code_of(root));
    assert_eq!(through["Thing"], vec!["b".to_string(), "Thing".to_string()]);
    assert_eq!(
        bare_paths(&code_of(root), &top),
        vec![
            vec!["b".to_string(), "Thing".to_string()],
            vec!["a".to_string(), "f".to_string()]
        ]
    );
    assert!(!through.contains_key("Other"));
    // An import of another crate leads out of this one.
    let external = reexports("use seatcast_core::{grades, model};\nuse seatcast_engine as engine;");
    assert_eq!(external["engine"], vec!["seatcast_engine".to_string()]);
    assert_eq!(
        external["model"],
        vec!["seatcast_core".to_string(), "model".to_string()]
    );
}

#[test]
fn the_engine_picks_no_language() {
    let root = Path::new(ROOT).join("crates/seatcast-engine/src");
    let mut list = Vec::new();
    rust_files(&root, &mut list);
    let mut found = Vec::new();
    for f in list {
        let code = code_of(&std::fs::read_to_string(&f).unwrap());
        if code.contains("Lang") || code.contains("i18n") {
            found.push(f.strip_prefix(ROOT).unwrap().display().to_string());
        }
    }
    assert!(found.is_empty(), "language in the engine: {found:?}");
}

#[test]
fn the_engine_depends_on_no_window() {
    let manifest =
        std::fs::read_to_string(Path::new(ROOT).join("crates/seatcast-engine/Cargo.toml")).unwrap();
    for name in ["egui", "eframe", "winit"] {
        assert!(
            !manifest.contains(name),
            "the engine's manifest names {name}"
        );
    }
    // And the layer below it neither.
    let core =
        std::fs::read_to_string(Path::new(ROOT).join("crates/seatcast-core/Cargo.toml")).unwrap();
    for name in ["egui", "eframe", "winit", "seatcast-engine"] {
        assert!(!core.contains(name), "the core's manifest names {name}");
    }
}

#[test]
fn no_source_file_is_over_800_lines() {
    let mut long = Vec::new();
    for root in crates() {
        let mut list = Vec::new();
        rust_files(&root, &mut list);
        for f in list {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            if n > 800 {
                long.push((f.strip_prefix(ROOT).unwrap().display().to_string(), n));
            }
        }
    }
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

#[test]
fn the_words_charts_and_exports_depend_on_no_window_nor_on_the_cli() {
    // The report layer is its own crate: what its manifest does not name,
    // its code cannot import, so the window and the CLI use it and never
    // the other way.
    let manifest =
        std::fs::read_to_string(Path::new(ROOT).join("crates/seatcast-report/Cargo.toml")).unwrap();
    for name in ["egui", "eframe", "winit", "rfd", "walkers"] {
        assert!(
            !manifest.contains(name),
            "the report's manifest names {name}"
        );
    }
    let depends: Vec<&str> = manifest
        .lines()
        .skip_while(|l| l.trim() != "[dependencies]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split('=').next().map(str::trim))
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .collect();
    assert!(depends.contains(&"seatcast-engine"), "{depends:?}");
    assert!(!depends.contains(&"seatcast"), "{depends:?}");
}

/// A file's `pub use` statements, one level of `{…}` expanded: each
/// item's path as written and the name it is given (its last segment, or
/// the `as` name).
fn pub_uses(code: &str) -> Vec<(Vec<String>, String)> {
    let flat = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for part in flat.split("pub use ").skip(1) {
        let stmt = part.split(';').next().unwrap_or("");
        let (head, items) = match stmt.find('{') {
            Some(i) => (&stmt[..i], stmt[i + 1..].trim_end_matches('}')),
            None => ("", stmt),
        };
        for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (item, alias) = match item.split_once(" as ") {
                Some((item, alias)) => (item, Some(alias.trim())),
                None => (item, None),
            };
            let path: Vec<String> = format!("{head}{item}")
                .replace(' ', "")
                .split("::")
                .map(str::to_string)
                .collect();
            let name = alias.or(path.last().map(String::as_str)).unwrap_or("");
            out.push((path.clone(), name.to_string()));
        }
    }
    out
}

/// The names one file gives other crates: its `pub use` names and its
/// top-level `pub` items.
fn public_names(code: &str) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = pub_uses(code).into_iter().map(|(_, name)| name).collect();
    let kinds = [
        "fn", "struct", "enum", "union", "trait", "const", "type", "static", "mod",
    ];
    for line in code.lines() {
        let Some(rest) = line.strip_prefix("pub ") else {
            continue;
        };
        let mut words: Vec<&str> = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        // `pub unsafe fn`, `pub async fn`, `pub extern "C" fn`, `pub const fn`.
        while let [first, second, ..] = words[..]
            && (["unsafe", "async", "extern", "C"].contains(&first)
                || (first == "const" && second == "fn"))
        {
            words.remove(0);
        }
        if let [kind, name, ..] = words[..]
            && kinds.contains(&kind)
        {
            out.insert(name.to_string());
        }
    }
    out
}

/// The body rows of the first table after `marker` in a document, each as
/// its trimmed cells (the header and its rule left out).
fn table_rows<'d>(doc: &'d str, marker: &str) -> Vec<Vec<&'d str>> {
    let start = doc
        .find(marker)
        .unwrap_or_else(|| panic!("the document marks {marker}"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
            inner.split('|').map(str::trim).collect()
        })
        .collect()
}

/// What ARCHITECTURE.md says the engine gives: its table's rows after the
/// marker, path → names (every `name` in the last cell).
fn listed_api(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    table_rows(doc, "<!-- the engine's API")
        .into_iter()
        .filter_map(|cells| {
            let path = ticked(cells.first()?).into_iter().next()?;
            Some((path, ticked(cells.last()?).into_iter().collect()))
        })
        .collect()
}

#[test]
fn the_engines_public_items_are_the_api_architecture_md_lists() {
    let src = Path::new(ROOT).join("crates/seatcast-engine/src");
    let read = |p: PathBuf| code_of(&std::fs::read_to_string(p).unwrap());
    let lib = read(src.join("lib.rs"));
    let namespaces: Vec<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|n| n.trim_end_matches(';').trim().to_string())
        .collect();
    let mut given = BTreeMap::new();
    let mut top = public_names(&lib);
    for ns in &namespaces {
        top.remove(ns);
        given.insert(
            format!("seatcast_engine::{ns}"),
            public_names(&read(src.join(format!("{ns}.rs")))),
        );
    }
    given.insert("seatcast_engine".to_string(), top);
    // A name is an item, never a whole module re-exported under another
    // name (`pub use crate::settings::teachers as norms;` would make a
    // private folder public again).
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    for (file, base) in std::iter::once(("lib".to_string(), Vec::new()))
        .chain(namespaces.iter().map(|ns| (ns.clone(), vec![ns.clone()])))
    {
        let code = read(src.join(format!("{file}.rs")));
        for (path, _) in pub_uses(&code) {
            let whole = match path.split_first() {
                Some((head, rest)) if head == "crate" => rest.to_vec(),
                _ => base.iter().cloned().chain(path.iter().cloned()).collect(),
            };
            assert!(
                !modules.contains(&whole),
                "{file}.rs re-exports the module {}",
                whole.join("::")
            );
        }
    }
    let raw = |f: &PathBuf| std::fs::read_to_string(f).unwrap();
    assert!(
        !files.iter().any(|f| raw(f).contains("#[macro_export]")),
        "a macro exported at the engine's root, outside the table"
    );
    let doc = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let listed = listed_api(&doc);
    let rows = table_rows(&doc, "<!-- the engine's API").len();
    assert_eq!(rows, listed.len(), "a path listed twice in ARCHITECTURE.md");
    let total: usize = given.values().map(BTreeSet::len).sum();
    assert!(
        doc.contains(&format!("({total} names")),
        "ARCHITECTURE.md should count the API's {total} names"
    );
    for (path, names) in &given {
        let in_doc = listed.get(path).cloned().unwrap_or_default();
        let missing: Vec<_> = names.difference(&in_doc).collect();
        let stale: Vec<_> = in_doc.difference(names).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "{path}: given but not in ARCHITECTURE.md {missing:?}; listed but not given {stale:?}"
        );
    }
    let extra: Vec<_> = listed.keys().filter(|k| !given.contains_key(*k)).collect();
    assert!(
        extra.is_empty(),
        "ARCHITECTURE.md lists {extra:?}, which the engine does not give"
    );
    // Below lib.rs every module is private to the crate, so the table is all.
    for f in files.iter().filter(|f| !f.ends_with("lib.rs")) {
        let code = read(f.clone());
        assert!(
            !code.lines().any(|l| l.trim_start().starts_with("pub mod ")),
            "{} declares a public module",
            f.display()
        );
    }
}

#[test]
fn the_api_check_reads_use_groups_aliases_and_items() {
    let code = "pub use a::{B, c::D, E as F};\npub use g::H;\npub(crate) use i::J;\n\
                pub fn k() {}\npub(crate) fn l() {}\n    pub fn m() {}\npub struct N;\n\
                pub const fn o() {}\npub unsafe fn p() {}\npub union Q {}\n";
    let names: Vec<String> = public_names(code).into_iter().collect();
    assert_eq!(names, ["B", "D", "F", "H", "N", "Q", "k", "o", "p"]);
    let uses = pub_uses("pub use crate::settings::teachers as norms;\npub use a::{Basis, c::D};");
    let as_strs: Vec<(String, &str)> = uses
        .iter()
        .map(|(p, n)| (p.join("::"), n.as_str()))
        .collect();
    assert_eq!(
        as_strs,
        [
            ("crate::settings::teachers".to_string(), "norms"),
            ("a::Basis".to_string(), "Basis"),
            ("a::c::D".to_string(), "D")
        ]
    );
    let doc = "x\n<!-- the engine's API -->\n\n| path | what | names |\n|---|---|---|\n\
               | `p` | the p | `A`, `b` |\n| `p::q` | q, with `code` | `C` |\n\nafter\n";
    let listed = listed_api(doc);
    assert_eq!(listed["p"], ["A", "b"].map(String::from).into());
    assert_eq!(listed["p::q"], ["C"].map(String::from).into());
}

/// The engine's stages (its top-level modules, `foo.rs` with its folder
/// `foo/`) → the stages they import, from the file-level graph.
fn stage_graph(graph: &Graph) -> Graph {
    let mut stages: Graph = BTreeMap::new();
    for (from, tos) in graph {
        let Some(a) = from.first() else { continue }; // lib.rs only declares
        for to in tos {
            if let Some(b) = to.first().filter(|b| *b != a) {
                stages
                    .entry(vec![a.clone()])
                    .or_default()
                    .insert(vec![b.clone()]);
            }
        }
    }
    stages
}

#[test]
fn no_circle_joins_a_crates_top_level_modules() {
    // Coarser than the file-level check: the stages themselves (the
    // engine's method, plan, accuracy, outcome, …; `foo.rs` with its
    // folder) import one way, so a stage can be read knowing only those
    // below it.
    let mut circles = Vec::new();
    for root in crates() {
        let (_, graph) = import_graph(&root);
        for group in cycles(&stage_graph(&graph)) {
            let names: Vec<String> = group.into_iter().flatten().collect();
            circles.push(format!(
                "{}: {}",
                root.strip_prefix(ROOT).unwrap().display(),
                names.join(" ⇄ ")
            ));
        }
    }
    assert!(
        circles.is_empty(),
        "circles between top-level modules: {circles:#?}"
    );
}

#[test]
fn the_engines_stages_import_as_architecture_md_says() {
    let (_, graph) = import_graph(&Path::new(ROOT).join("crates/seatcast-engine/src"));
    let found: BTreeMap<String, BTreeSet<String>> = stage_graph(&graph)
        .into_iter()
        .map(|(from, tos)| (from.concat(), tos.into_iter().map(|t| t.concat()).collect()))
        .collect();
    let doc = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let listed: BTreeMap<String, BTreeSet<String>> = table_rows(&doc, "<!-- the engine's stages")
        .into_iter()
        .filter_map(|cells| {
            let stage = cells.first()?.trim_matches('`').to_string();
            let imports = cells.get(1)?.split(',').map(|i| i.trim().to_string());
            Some((stage, imports.filter(|i| !i.is_empty()).collect()))
        })
        .collect();
    assert_eq!(
        listed, found,
        "ARCHITECTURE.md's table of stages, then the imports found"
    );
}

#[test]
fn the_stage_check_sees_a_circle_through_a_stages_folder() {
    // method/project.rs imports plan.rs, plan/actions.rs imports
    // method/observed.rs: no file-level circle, a stage-level one.
    let m = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut graph: Graph = BTreeMap::new();
    graph
        .entry(m(&["method", "project"]))
        .or_default()
        .insert(m(&["plan"]));
    graph
        .entry(m(&["plan", "actions"]))
        .or_default()
        .insert(m(&["method", "observed"]));
    graph.entry(m(&[])).or_default().insert(m(&["plan"]));
    assert!(cycles(&graph).is_empty());
    assert_eq!(cycles(&stage_graph(&graph)).len(), 1);
}
