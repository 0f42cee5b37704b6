//! The columns of the import files: for each field its English name (as exported), the
//! Norwegian name the pages use for it (accepted as a column heading, and the heading of the
//! import template), whether it is required, what it takes, and its code list if it has one.
//!
//! One description serves the import (which headings are understood), the code page
//! (`/import/koder`), the XLSX import template and the export with Norwegian names.

use husk_domain::codes::Coded;
use husk_domain::limits;

/// One column of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The field name in English, as exported (`start_year`).
    pub field: &'static str,
    /// The name the pages use for the field (`Startår`): the template's heading.
    pub label: &'static str,
    /// Other headings understood for the column (lower case).
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// What the column takes, in a sentence.
    pub takes: &'static str,
    /// The code list of a coded column.
    pub codes: Option<Coded>,
    /// Whether the column takes several values separated by semicolons.
    pub list: bool,
    /// The longest text the column takes, in characters, when it is free text.
    pub max_chars: Option<usize>,
}

const fn col(field: &'static str, label: &'static str) -> Column {
    Column {
        field,
        label,
        aliases: &[],
        required: false,
        takes: "",
        codes: None,
        list: false,
        max_chars: None,
    }
}

/// The columns of a project file, in export order.
pub const PROJECTS: &[Column] = &[
    Column {
        required: true,
        takes: "En kort id med små bokstaver a–z, sifre og bindestrek, høyst 64 tegn, for eksempel vest-02. Finnes id-en fra før, erstattes oppføringen.",
        ..col("id", "Id")
    },
    Column {
        required: true,
        takes: "Program, prosjekt eller tiltak.",
        codes: Some(Coded::Kind),
        ..col("kind", "Type")
    },
    Column {
        required: true,
        takes: "Tittelen på oppføringen.",
        max_chars: Some(limits::PROJECT_TITLE),
        ..col("title", "Tittel")
    },
    Column {
        takes: "Hva arbeidet går ut på.",
        max_chars: Some(limits::DESCRIPTION),
        ..col("description", "Beskrivelse")
    },
    Column {
        required: true,
        aliases: &["kontor"],
        takes: "Husbankens kontor som følger opp arbeidet.",
        codes: Some(Coded::Region),
        ..col("region", "Ansvarlig kontor")
    },
    Column {
        takes: "Navnet på kommunen eller organisasjonen som fikk tilskuddet.",
        max_chars: Some(limits::NAME),
        ..col("recipient", "Mottaker")
    },
    Column {
        takes: "Hva slags mottaker det er.",
        codes: Some(Coded::RecipientType),
        ..col("recipient_type", "Mottakertype")
    },
    Column {
        aliases: &["orgnr", "org.nr.", "org.nr"],
        takes: "Mottakerens organisasjonsnummer, ni siffer.",
        ..col("orgnr", "Organisasjonsnummer")
    },
    Column {
        takes: "Fire siffer; bare når mottakeren er en kommune.",
        ..col("kommunenummer", "Kommunenummer")
    },
    Column {
        required: true,
        takes: "Året arbeidet startet, for eksempel 2015.",
        ..col("start_year", "Startår")
    },
    Column {
        takes: "Året arbeidet sluttet; tomt hvis det pågår.",
        ..col("end_year", "Sluttår")
    },
    Column {
        takes: "Tomt gir status ut fra årene.",
        codes: Some(Coded::Status),
        ..col("status", "Status")
    },
    Column {
        aliases: &["temaer", "tema", "kunnskapstema"],
        takes: "De overordnede kunnskapstemaene og temaene arbeidet gir kunnskap om.",
        codes: Some(Coded::Theme),
        list: true,
        ..col("themes", "Kunnskapstemaer")
    },
    Column {
        aliases: &["målgruppe"],
        takes: "Hvem arbeidet er for.",
        codes: Some(Coded::TargetGroup),
        list: true,
        ..col("target_groups", "Målgrupper")
    },
    Column {
        takes: "Hvilke læringsverktøy arbeidet bruker.",
        codes: Some(Coded::LearningTool),
        list: true,
        ..col("learning_tools", "Læringsverktøy")
    },
    Column {
        takes: "Id-en til programmet oppføringen hører til.",
        ..col("parent", "Overordnet program")
    },
    Column {
        takes: "Id-er til andre oppføringer, skilt med semikolon, høyst 100.",
        list: true,
        ..col("related", "Relatert arbeid")
    },
];

/// The columns of a grant file, in export order.
pub const GRANTS: &[Column] = &[
    Column {
        required: true,
        aliases: &["prosjekt-id", "id"],
        takes: "Id-en til prosjektet tilskuddet er gitt til.",
        ..col("project", "Prosjekt")
    },
    Column {
        required: true,
        aliases: &["år"],
        takes: "Året tilskuddet gjelder, for eksempel 2015.",
        ..col("year", "År")
    },
    Column {
        required: true,
        aliases: &["beløp", "beløp (kr)", "beløp i kroner"],
        takes: "Hele kroner, for eksempel 1500000.",
        ..col("amount_nok", "Beløp (kroner)")
    },
    Column {
        aliases: &["post"],
        takes: "Tomt betyr post 78.",
        codes: Some(Coded::BudgetItem),
        ..col("budget_item", "Budsjettpost")
    },
    Column {
        required: true,
        takes: "Om beløpet er gitt som tilsagn, utbetalt eller bare forventet.",
        codes: Some(Coded::GrantStatus),
        ..col("status", "Status")
    },
    Column {
        takes: "Valgfri merknad.",
        max_chars: Some(limits::NOTE),
        ..col("note", "Merknad")
    },
];

/// The column of `field` in `columns`.
pub fn column<'c>(columns: &'c [Column], field: &str) -> Option<&'c Column> {
    columns.iter().find(|c| c.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_the_files_columns_in_order() {
        let names = |cols: &[Column]| cols.iter().map(|c| c.field).collect::<Vec<_>>();
        assert_eq!(names(PROJECTS), crate::PROJECT_COLUMNS);
        assert_eq!(names(GRANTS), crate::GRANT_COLUMNS);
    }

    #[test]
    fn every_heading_is_unique_within_a_file() {
        for columns in [PROJECTS, GRANTS] {
            let mut seen = std::collections::HashMap::new();
            for c in columns {
                let mut names = vec![c.field.to_string(), c.label.to_lowercase()];
                names.extend(c.aliases.iter().map(|a| a.to_string()));
                names.sort();
                names.dedup();
                for name in names {
                    if let Some(other) = seen.insert(name.clone(), c.field) {
                        panic!("«{name}» names both {other} and {}", c.field);
                    }
                }
            }
        }
    }
}
