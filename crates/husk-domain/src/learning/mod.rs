//! Learning (*læring*): how Husbanken's offices and the municipalities learn from each other,
//! as seed 004 (the review of Husbanken's knowledge work) recommends a shared toolbox for, and
//! as seed 003 shows a programme running its networks and arenas.
//!
//! Plain types and rules only; husk-store's, husk-web's and the CLI's `learning` build on them.
//! The area's kinds of network and arena are here; each part of the area has its own module.

pub mod arenas;
pub mod evaluations;
pub mod networks;
pub mod tools;

code_enum!(
    /// Whether a network is for learning between its members or a professional network.
    NetworkKind {
        Learning = "laeringsnettverk", "Læringsnettverk";
        Professional = "fagnettverk", "Fagnettverk";
    }
    expected "laeringsnettverk eller fagnettverk"
);

code_enum!(
    /// The kind of a learning arena (an event), as seed 003 and seed 004 name them.
    ArenaKind {
        ProgrammeGathering = "programsamling", "Programsamling";
        LeaderGathering = "programledersamling", "Programledersamling";
        StartGathering = "oppstartsamling", "Oppstartsamling";
        ProfessionalDay = "fagdag", "Fagdag";
        LearningArena = "laeringsarena", "Læringsarena";
        KnowledgeMeeting = "kunnskapingsmote", "Kunnskapingsmøte";
        Conference = "konferanse", "Konferanse";
        Seminar = "seminar", "Seminar";
        StudyTrip = "studietur", "Studietur";
        BreakfastMeeting = "frokostmote", "Frokostmøte";
        Workshop = "workshop", "Verksted";
    }
    expected "programsamling, programledersamling, oppstartsamling, fagdag, laeringsarena, kunnskapingsmote, konferanse, seminar, studietur, frokostmote eller workshop"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_arena_kind_reads_back_from_its_code() {
        for kind in ArenaKind::ALL {
            assert_eq!(ArenaKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(ArenaKind::from_code("middag"), None);
        assert_eq!(
            NetworkKind::from_code(" fagnettverk "),
            Some(NetworkKind::Professional)
        );
    }
}
