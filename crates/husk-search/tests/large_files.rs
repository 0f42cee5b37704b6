//! Memory use on large files. One test in its own binary, so the process's peak memory
//! (`VmHWM`) is this test's alone.

use std::io::Write;

/// Peak resident memory of this process, in bytes (Linux only; 0 elsewhere).
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

const PARAGRAPH: &str = "Kommunene har ansvar for å skaffe boliger til vanskeligstilte på \
    boligmarkedet, og Husbanken gir startlån, bostøtte og tilskudd. Housing First gir \
    bostedsløse med rusproblemer en egen bolig med tett oppfølging.";

/// Current resident memory of this process, in bytes (Linux only; 0 elsewhere).
fn current_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

/// Writes `size` bytes of text in the given shape and returns the file.
fn write_file(dir: &std::path::Path, name: &str, size: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let html = name.ends_with(".html");
    if html {
        writeln!(file, "<html><head><title>Stor fil</title></head><body>").unwrap();
    }
    let mut written = 0;
    let mut section = 0;
    while written < size {
        section += 1;
        let chunk = if html {
            format!("<h2>{section} Seksjon</h2>\n<p>{PARAGRAPH}</p>\n<p>{PARAGRAPH}</p>\n")
        } else if name.ends_with(".md") {
            format!("## {section} Seksjon\n\n{PARAGRAPH}\n\n- {PARAGRAPH}\n\n")
        } else {
            format!("{section} Seksjon\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n")
        };
        file.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    if html {
        writeln!(file, "</body></html>").unwrap();
    }
    path
}

/// Streams text, Markdown and HTML files of 24 MB each (100 MB files behave the same, see the
/// crate's report; this size keeps the debug-build test quick) and checks that extraction's
/// peak memory stays under twice the file size: the result itself is about one file's worth
/// of text, and the buffers are constant.
#[test]
fn large_text_files_stream_in_bounded_memory() {
    const SIZE: usize = 24 << 20;
    let dir = tempfile::tempdir().unwrap();
    for name in ["stor.txt", "stor.md", "stor.html"] {
        let path = write_file(dir.path(), name, SIZE);
        // Reset the peak to the current size (Linux 4.0+), so each file is measured alone.
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let before = if reset { current_rss() } else { peak_rss() };
        let extracted = husk_search::extract(&path, name).unwrap();
        let text_bytes: usize = extracted.blocks.iter().map(|b| b.text.len()).sum();
        assert!(
            text_bytes > SIZE / 2,
            "{name}: only {text_bytes} bytes of text"
        );
        let grown = peak_rss().saturating_sub(before);
        eprintln!(
            "{name}: {} MB file, peak grew by {} MB",
            SIZE >> 20,
            grown >> 20
        );
        drop(extracted);
        std::fs::remove_file(&path).unwrap();
        if before > 0 {
            assert!(
                grown < 2 * SIZE as u64,
                "{name}: peak memory grew by {} MB for a {} MB file",
                grown >> 20,
                SIZE >> 20
            );
        }
    }
}
