//! Municipal programmes (*kommunesatsing*): Husbanken's long, binding agreements with selected
//! municipalities, as seed 003 (Møreforsking 2012) describes region øst's *Boligsosialt
//! utviklingsprogram* and seed 004 the national *Kommuneprogrammet*.
//!
//! Plain types and rules only; the database, the pages and the command line are built on top
//! of them elsewhere (husk-store's, husk-web's and the CLI's `programmes`; see ARCHITECTURE.md
//! for what they use so far).
//!
//! - [`definition`]: [`ProgrammeDefinition`], a programme's type, offices, period, budget,
//!   goal hierarchy, pools, members, phases, plan-phase deliverables and co-financing rule, read
//!   from a TOML file; the demo programme from `data/reference/utviklingsprogram_ost.toml`;
//! - [`phases`]: [`Phase`], the transition rule (one step forward; the planning phase is left
//!   only with its deliverables recorded; an administrator may override with a reason), the
//!   phase history of a participant, and who is late;
//! - [`cofinancing`]: [`CofinancingRule`], the municipality's own share of programme costs by
//!   programme year, the required own contribution and shortfalls;
//! - [`comparison`]: a participant's indicator against a comparison group (the other
//!   participants, a named group, the municipalities outside the programme) year by year and
//!   before and after joining, and the national homelessness counts (seed 000);
//! - [`goal_indicators`]: which indicators measure which goals, checked against the goal codes;
//! - [`grants`]: [`GrantTable`], grants per municipality and year with the programme's totals,
//!   the part of each total not itemised per municipality, and where the sources disagree
//!   (seed 003's Table 1 is the demo);
//! - [`plans`]: a participant's [`ParticipantPlan`] of sub-projects and measures linked to goal
//!   codes, and seed 002's checklist a–k for a comprehensive plan;
//! - [`factsheet`]: a participant's [`FactSheet`] and its layout, which the page, the PDF and
//!   the command line share; key indicators against the comparison group;
//! - [`meetings`]: half-yearly [`StatusMeeting`]s, their agreed actions, and the generated
//!   agenda for the next meeting;
//! - [`partnerships`]: a municipality's agreements with other actors, their procurement route
//!   and annual dialogue meetings.

use time::{Date, Month};

pub mod cofinancing;
pub mod comparison;
pub mod definition;
pub mod editing;
pub mod factsheet;
pub mod goal_indicators;
pub mod grants;
pub mod indicators;
pub mod meetings;
pub mod partnerships;
pub mod phases;
pub mod plans;

pub use cofinancing::{CofinancingCheck, CofinancingOutcome, CofinancingRule, Share};
pub use definition::{
    BudgetFigure, EntryYear, FactSource, Goal, GoalHierarchy, GoalLevel, Member,
    ProgrammeDefinition, ProgrammeType,
};
pub use factsheet::{FactSheet, KeyIndicator};
pub use grants::{GrantConflict, GrantTable};
pub use indicators::{Indicator, IndicatorInput, IndicatorValue, INDICATORS};
pub use meetings::{Agenda, AgendaInputs, AgreedAction, MeasureChange, StatusMeeting};
pub use phases::{
    Deliverable, DeliverablesInput, Phase, PhaseHistory, PhaseTransition, PlanDeliverables,
};
pub use plans::{Checklist, Measure, MeasureStatus, ParticipantPlan};

/// Dates in files and the API as ISO 8601 (`2011-03-15`); `#[serde(with = "iso")]`.
pub(crate) mod iso {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::norwegian::iso_date(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        crate::norwegian::parse_date(&text).map_err(serde::de::Error::custom)
    }

    /// The same for an optional date (`null` when none).
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};
        use time::Date;

        pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&crate::norwegian::iso_date(*d)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|text| crate::norwegian::parse_date(&text).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

/// An amount in whole kroner as the pages write it: «1 500 000 kr».
pub(crate) fn nok(n: i64) -> String {
    format!("{} kr", crate::norwegian::group_thousands(n))
}

/// Whole months from `from` to `to` (0 when `to` is not later): 15.01 → 14.03 is 1 month,
/// 15.01 → 15.03 is 2.
pub(crate) fn months_between(from: Date, to: Date) -> u32 {
    if to <= from {
        return 0;
    }
    let months = (to.year() - from.year()) * 12 + i32::from(u8::from(to.month()))
        - i32::from(u8::from(from.month()));
    let months = if to.day() < from.day() {
        months - 1
    } else {
        months
    };
    months.max(0) as u32
}

/// The date `months` months after `d`, on the same day of the month or the month's last day
/// (31.08 + 6 months is 28.02 or 29.02).
pub(crate) fn add_months(d: Date, months: u32) -> Date {
    let index = d.year() * 12 + i32::from(u8::from(d.month())) - 1 + months as i32;
    let year = index.div_euclid(12);
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1..=12");
    let day = d.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("a day within the month")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_counted_whole() {
        assert_eq!(
            months_between(date!(2010 - 01 - 15), date!(2010 - 03 - 14)),
            1
        );
        assert_eq!(
            months_between(date!(2010 - 01 - 15), date!(2010 - 03 - 15)),
            2
        );
        assert_eq!(
            months_between(date!(2009 - 09 - 01), date!(2011 - 05 - 01)),
            20
        );
        assert_eq!(
            months_between(date!(2011 - 05 - 01), date!(2009 - 09 - 01)),
            0
        );
        assert_eq!(add_months(date!(2011 - 08 - 31), 6), date!(2012 - 02 - 29));
        assert_eq!(add_months(date!(2011 - 11 - 15), 2), date!(2012 - 01 - 15));
        assert_eq!(nok(14_892_010), "14 892 010 kr");
    }
}
