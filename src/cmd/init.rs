//! `kehila init DIR`: a new hub with sample content and a GitHub Pages workflow, copied from
//! the starter hub embedded in the binary (`scaffold/`). It never overwrites a file.

use std::path::Path;

use include_dir::{Dir, include_dir};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

pub fn run(dir: &Path) -> i32 {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: {} already exists and is not empty\n  hint: pick a new folder name, like `kehila init my-hub`",
            dir.display()
        );
        return 2;
    }
    if let Err(e) = write_dir(&SCAFFOLD, dir) {
        eprintln!("error: could not create the hub in {}: {e}", dir.display());
        return 1;
    }
    // The same steps, in the same order, as "Five minutes with a new hub" in README.md.
    println!("created a new hub in {}", dir.display());
    println!("next:  cd {}", dir.display());
    println!("       kehila serve    # preview with live reload; Ctrl+C stops it");
    println!("       kehila build    # writes the site into public/");
    println!(
        "       edit site.yaml (title, base_url), then content/; .github/workflows/pages.yml publishes it to GitHub Pages"
    );
    0
}

fn write_dir(d: &Dir, target: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(target)?;
    for f in d.files() {
        let path = target.join(f.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, f.contents())?;
    }
    for sub in d.dirs() {
        write_dir(sub, target)?;
    }
    Ok(())
}
