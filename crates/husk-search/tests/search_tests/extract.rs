//! Extraction of every supported format from the fixtures, and the refusals.

use std::path::PathBuf;

use husk_search::extract::{extract, BlockKind, ExtractError, Format};

const HEADING: &str = "Bostedsløse får egen bolig";
const PARA1: &str = "Housing First gir bostedsløse med rusproblemer og psykiske lidelser en egen \
                     bolig uten krav om behandling først. Kommunene gir tett oppfølging i boligen.";
const PARA2: &str =
    "Evalueringen viser at ni av ti deltakere fortsatt bodde i egen bolig etter to \
                     år. Startlån og bostøtte gjorde det mulig for flere å eie sin egen bolig.";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Checks that the heading and both paragraphs came out, in order, as the right kinds.
fn check_sample(name: &str, format: Format, heading_level: Option<u8>) {
    let extracted = extract(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(extracted.format, format);
    let texts: Vec<&str> = extracted.blocks.iter().map(|b| b.text.as_str()).collect();
    let h = texts
        .iter()
        .position(|t| t.ends_with(HEADING))
        .unwrap_or_else(|| panic!("{name}: no heading in {texts:?}"));
    assert_eq!(texts[h + 1], PARA1, "{name}");
    assert_eq!(texts[h + 2], PARA2, "{name}");
    assert_eq!(extracted.blocks[h + 1].kind, BlockKind::Paragraph, "{name}");
    assert_eq!(extracted.blocks[h + 2].kind, BlockKind::Paragraph, "{name}");
    match heading_level {
        Some(level) => assert_eq!(
            extracted.blocks[h].kind,
            BlockKind::Heading(level),
            "{name}"
        ),
        None => assert_eq!(extracted.blocks[h].kind, BlockKind::Paragraph, "{name}"),
    }
}

#[test]
fn pdf() {
    check_sample("sample.pdf", Format::Pdf, Some(1));
    let extracted = extract(&fixture("sample.pdf"), "sample.pdf").unwrap();
    assert_eq!(extracted.title.as_deref(), Some("Housing First i praksis"));
}

#[test]
fn pdf_with_only_an_owner_password_is_read() {
    // Anyone may open it (the user password is empty), so it is decrypted and read; its pages
    // and fonts are in encrypted object streams.
    check_sample("owner-password.pdf", Format::Pdf, Some(1));
    let extracted = extract(&fixture("owner-password.pdf"), "eier.pdf").unwrap();
    assert_eq!(extracted.title.as_deref(), Some("Housing First i praksis"));
}

#[test]
fn docx_with_norwegian_heading_style() {
    // Written by hand with the style id "Overskrift1" and runs split mid-sentence.
    check_sample("sample.docx", Format::Docx, Some(1));
    let extracted = extract(&fixture("sample.docx"), "sample.docx").unwrap();
    assert_eq!(extracted.title.as_deref(), Some("Housing First i praksis"));
}

#[test]
fn docx_from_libreoffice() {
    check_sample("sample-libreoffice.docx", Format::Docx, Some(1));
}

#[test]
fn odt() {
    check_sample("sample.odt", Format::Odt, Some(1));
    let extracted = extract(&fixture("sample.odt"), "sample.odt").unwrap();
    assert_eq!(extracted.title.as_deref(), Some("Housing First i praksis"));
}

#[test]
fn html_skips_scripts_and_navigation() {
    check_sample("sample.html", Format::Html, Some(1));
    let extracted = extract(&fixture("sample.html"), "sample.html").unwrap();
    assert_eq!(extracted.title.as_deref(), Some("Housing First i praksis"));
    let all = extracted.full_text();
    assert!(!all.contains("ikke tekst"), "script content leaked: {all}");
    assert!(!all.contains("Hjem"), "navigation leaked: {all}");
    assert!(!all.contains("color"), "style leaked: {all}");
}

#[test]
fn markdown() {
    check_sample("sample.md", Format::Markdown, Some(2));
    let extracted = extract(&fixture("sample.md"), "sample.md").unwrap();
    assert_eq!(extracted.title.as_deref(), Some("Housing First i praksis"));
}

#[test]
fn plain_text_with_numbered_and_capital_headings() {
    check_sample("sample.txt", Format::Text, Some(1));
    let extracted = extract(&fixture("sample.txt"), "sample.txt").unwrap();
    assert_eq!(extracted.blocks[0].kind, BlockKind::Heading(1));
    assert_eq!(extracted.blocks[0].text, "HOUSING FIRST I PRAKSIS");
    assert!(extracted.notes.is_empty());
}

#[test]
fn windows_1252_text_is_decoded_with_a_note() {
    check_sample("sample-cp1252.txt", Format::Text, None);
    let extracted = extract(&fixture("sample-cp1252.txt"), "gammel.txt").unwrap();
    assert_eq!(extracted.notes.len(), 1);
    assert!(extracted.notes[0].contains("Windows-1252"));
}

#[test]
fn all_formats_give_the_same_passages() {
    let mut texts = Vec::new();
    for name in [
        "sample.pdf",
        "sample.docx",
        "sample.odt",
        "sample.html",
        "sample.md",
    ] {
        let extracted = extract(&fixture(name), name).unwrap();
        let passages = husk_search::passages::split(&extracted);
        assert_eq!(passages.len(), 1, "{name}: the two short paragraphs merge");
        assert!(passages[0]
            .heading
            .as_deref()
            .is_some_and(|h| h.ends_with(HEADING)));
        texts.push(passages[0].text.clone());
    }
    assert!(texts.windows(2).all(|w| w[0] == w[1]), "{texts:#?}");
}

#[test]
fn encrypted_pdf_is_refused() {
    let err = extract(&fixture("encrypted.pdf"), "hemmelig.pdf").unwrap_err();
    assert!(matches!(err, ExtractError::Encrypted { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("hemmelig.pdf") && message.contains("passord"),
        "{message}"
    );
}

#[test]
fn scanned_pdf_is_refused_with_ocr_advice() {
    let err = extract(&fixture("scanned.pdf"), "skannet.pdf").unwrap_err();
    assert!(matches!(err, ExtractError::Scanned { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("skannet.pdf") && message.contains("OCR"),
        "{message}"
    );
}

#[test]
fn corrupt_docx_is_refused() {
    let err = extract(&fixture("corrupt.docx"), "ødelagt.docx").unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("ødelagt.docx"));
}

#[test]
fn wrong_extensions_are_refused() {
    let cases = [
        ("text-named.pdf", "rapport.pdf", "ren tekst"),
        ("sample.docx", "rapport.pdf", "zip"),
        ("sample.txt", "rapport.docx", "ren tekst"),
        ("sample.pdf", "rapport.docx", "PDF"),
        ("sample.odt", "rapport.docx", "OpenDocument"),
        ("sample.docx", "rapport.odt", "Word"),
        ("sample.pdf", "notat.txt", "PDF"),
        ("sample.docx", "side.html", "zip"),
    ];
    for (file, declared, found) in cases {
        let err = extract(&fixture(file), declared).unwrap_err();
        assert!(
            matches!(err, ExtractError::WrongExtension { .. }),
            "{file} as {declared}: {err}"
        );
        let message = err.to_string();
        assert!(
            message.contains(declared) && message.contains(found),
            "{message}"
        );
    }
}

#[test]
fn unsupported_types_list_the_supported_ones() {
    for declared in ["rapport.doc", "bilde.png", "uten-endelse"] {
        let err = extract(&fixture("sample.txt"), declared).unwrap_err();
        assert!(matches!(err, ExtractError::Unsupported { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains(".docx") && message.contains("Markdown"),
            "{message}"
        );
    }
}

#[test]
fn empty_files_are_refused() {
    for declared in ["tom.txt", "tom.pdf", "tom.docx"] {
        let err = extract(&fixture("empty.txt"), declared).unwrap_err();
        assert!(
            matches!(err, ExtractError::Empty { .. }),
            "{declared}: {err}"
        );
        assert!(err.to_string().contains(declared));
    }
}

#[test]
fn binary_named_as_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    std::fs::write(&path, [0u8, 1, 2, 3, 0, 0, 7, 8, 9, 0, 255, 254, 0]).unwrap();
    let err = extract(&path, "notat.txt").unwrap_err();
    assert!(matches!(err, ExtractError::NotText { .. }), "{err}");
}

#[test]
fn markdown_structure_lists_and_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.md");
    std::fs::write(
        &path,
        "---\ntitle: \"Boligsosial handlingsplan\"\n---\n\n# Mål\n\nTekst med *vekt*.\n\n- punkt én\n- punkt to\n\n```\nkode\n```\n",
    )
    .unwrap();
    let extracted = extract(&path, "plan.md").unwrap();
    assert_eq!(
        extracted.title.as_deref(),
        Some("Boligsosial handlingsplan")
    );
    let kinds: Vec<(BlockKind, &str)> = extracted
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Heading(1), "Mål"),
            (BlockKind::Paragraph, "Tekst med vekt."),
            (BlockKind::ListItem, "punkt én"),
            (BlockKind::ListItem, "punkt to"),
            (BlockKind::Paragraph, "kode"),
        ]
    );
}

#[test]
fn html_lists_and_unclosed_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.html");
    std::fs::write(
        &path,
        "<h2>Tiltak</h2><p>Første<p>Andre &amp; tredje<ul><li>en<li><p>to</p></ul><div>løs tekst</div>",
    )
    .unwrap();
    let extracted = extract(&path, "x.htm").unwrap();
    let kinds: Vec<(BlockKind, &str)> = extracted
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Heading(2), "Tiltak"),
            (BlockKind::Paragraph, "Første"),
            (BlockKind::Paragraph, "Andre & tredje"),
            (BlockKind::ListItem, "en"),
            (BlockKind::ListItem, "to"),
            (BlockKind::Paragraph, "løs tekst"),
        ]
    );
}
