//! Co-financing (*egenfinansiering*): the municipality carries a rising share of its programme
//! costs. In the demo programme (seed 003, ch. 4.1) the share is 0 % in the first programme
//! year, 30 % in the second, 40 % in the third and 50 % in the fourth; each programme has its
//! own rule ([`CofinancingRule`]).
//!
//! Arithmetic is in whole kroner with integers, never floating point:
//!
//! - a share is held in hundredths of a per cent ([`Share`], 3 000 = 30 %);
//! - the **required own contribution** is the share of the programme costs **rounded up** to
//!   whole kroner, so that it is never below the share (30 % of 1 000 001 kr is 300 001 kr);
//! - the **share reached** by a reported contribution is **rounded down** to a hundredth of a
//!   per cent, so that a contribution just short of the share is never shown as reaching it.
//!
//! Programme year 1 is the calendar year the participant entered. A year the rule gives no
//! share for (the fifth year of a five-year participation, in the demo) has no requirement:
//! Husk says that the rule is silent rather than repeating the last share.

use super::nok;
use crate::reporting::ReportKind;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A share in hundredths of a per cent: 3 000 is 30 %, 10 000 is 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Share(u32);

impl Share {
    pub const HUNDRED_PERCENT: Share = Share(10_000);

    /// `None` above 100 %.
    pub fn from_basis_points(bp: u32) -> Option<Share> {
        (bp <= 10_000).then_some(Share(bp))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    /// Reads a fraction as a programme file writes it (0.30), exact to a hundredth of a per
    /// cent.
    pub fn from_fraction(f: f64) -> Result<Share, String> {
        let bp = (f * 10_000.0).round();
        if !f.is_finite() || !(0.0..=10_000.0).contains(&bp) {
            return Err(format!(
                "Andelen {} % er ikke mellom 0 og 100 %. Skriv andelen som et desimaltall mellom 0 og 1, for eksempel 0.30.",
                format_decimal(f * 100.0)
            ));
        }
        if (f * 10_000.0 - bp).abs() > 1e-6 {
            return Err(format!(
                "Andelen {} % har flere enn to desimaler. Skriv den med høyst to desimaler i prosent, for eksempel 0.3325.",
                format_decimal(f * 100.0)
            ));
        }
        Ok(Share(bp as u32))
    }

    /// «30 %», «22,5 %», «33,33 %».
    pub fn label(self) -> String {
        let whole = self.0 / 100;
        let hundredths = self.0 % 100;
        if hundredths == 0 {
            format!("{whole} %")
        } else if hundredths.is_multiple_of(10) {
            format!("{whole},{} %", hundredths / 10)
        } else {
            format!("{whole},{hundredths:02} %")
        }
    }

    /// `amount` × share, rounded up to whole kroner.
    pub fn of_rounded_up(self, amount: i64) -> i64 {
        let amount = i128::from(amount.max(0));
        ((amount * i128::from(self.0) + 9_999) / 10_000) as i64
    }

    /// How large a share `part` is of `whole`, rounded down; `None` when `whole` is 0.
    /// Capped at 100 %.
    pub fn of_whole_rounded_down(part: i64, whole: i64) -> Option<Share> {
        if whole <= 0 {
            return None;
        }
        let bp = i128::from(part.max(0)) * 10_000 / i128::from(whole);
        Some(Share(bp.min(10_000) as u32))
    }
}

/// «12,5» for 12.5, «150» for 150.0: for messages about a fraction that could not be read.
fn format_decimal(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// The municipality's own share of programme costs, by programme year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CofinancingRule {
    /// The share in programme year 1, 2, ….
    shares: Vec<Share>,
}

impl CofinancingRule {
    pub fn new(shares: Vec<Share>) -> CofinancingRule {
        CofinancingRule { shares }
    }

    /// Reads the shares as a programme file writes them (`[0.0, 0.30, 0.40, 0.50]`).
    pub fn from_fractions(fractions: &[f64]) -> Result<CofinancingRule, String> {
        if fractions.is_empty() {
            return Err("Regelen for egenfinansiering mangler. Skriv andelen for hvert programår, for eksempel cofinancing_share_by_programme_year = [0.0, 0.30, 0.40, 0.50].".into());
        }
        let shares = fractions
            .iter()
            .map(|f| Share::from_fraction(*f))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CofinancingRule { shares })
    }

    /// The shares from programme year 1.
    pub fn shares(&self) -> &[Share] {
        &self.shares
    }

    /// The share in programme year `year` (from 1); `None` for a year the rule does not cover.
    pub fn share(&self, programme_year: u32) -> Option<Share> {
        let i = programme_year.checked_sub(1)? as usize;
        self.shares.get(i).copied()
    }

    /// The own contribution required in `programme_year` of `programme_costs`, rounded up to
    /// whole kroner; `None` for a year the rule does not cover.
    pub fn required(&self, programme_year: u32, programme_costs: i64) -> Option<i64> {
        self.share(programme_year)
            .map(|s| s.of_rounded_up(programme_costs))
    }
}

/// The programme year `year` is for a participant that entered in `entry_year` (the entry
/// year is year 1); `None` before it entered.
pub fn programme_year(entry_year: i32, year: i32) -> Option<u32> {
    (year >= entry_year).then(|| (year - entry_year + 1) as u32)
}

/// What is known of one participant's costs and own contribution in one year, in whole kroner
/// (0 or more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CofinancingInput {
    /// The participant as messages name it: «Hamar kommune».
    pub participant: String,
    pub entry_year: i32,
    pub year: i32,
    pub programme_costs: i64,
    /// The own contribution the participant reported (the economy part of its report);
    /// `None` when nothing is reported for the year.
    pub reported: Option<i64>,
}

/// A contribution short of what the rule requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// How many kroner are missing.
    pub amount: i64,
    /// The share of the programme costs the reported contribution reached (rounded down).
    pub reached: Share,
    /// How large a part of the required contribution is missing (rounded down).
    pub missing_of_required: Share,
}

/// How a participant's contribution in a year compares with the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CofinancingOutcome {
    /// The contribution reaches the requirement; `surplus` is what it gives beyond it.
    Met {
        surplus: i64,
    },
    Shortfall(Shortfall),
    /// Nothing is reported for the year.
    NotReported,
    /// The rule gives no share for this programme year.
    NoRuleForYear,
    /// The year is before the participant entered the programme.
    BeforeEntry,
}

/// One participant's co-financing in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CofinancingCheck {
    pub participant: String,
    pub year: i32,
    pub programme_year: Option<u32>,
    pub programme_costs: i64,
    pub share: Option<Share>,
    pub required: Option<i64>,
    pub reported: Option<i64>,
    pub outcome: CofinancingOutcome,
}

impl CofinancingRule {
    /// Compares what a participant reported with what the rule requires.
    pub fn check(&self, input: &CofinancingInput) -> CofinancingCheck {
        let programme_year = programme_year(input.entry_year, input.year);
        let share = programme_year.and_then(|y| self.share(y));
        let costs = input.programme_costs.max(0);
        let required = share.map(|s| s.of_rounded_up(costs));
        let reported = input.reported.map(|r| r.max(0));
        let outcome = match (programme_year, required, reported) {
            (None, _, _) => CofinancingOutcome::BeforeEntry,
            (Some(_), None, _) => CofinancingOutcome::NoRuleForYear,
            (Some(_), Some(_), None) => CofinancingOutcome::NotReported,
            (Some(_), Some(required), Some(reported)) if reported >= required => {
                CofinancingOutcome::Met {
                    surplus: reported - required,
                }
            }
            (Some(_), Some(required), Some(reported)) => CofinancingOutcome::Shortfall(Shortfall {
                amount: required - reported,
                reached: Share::of_whole_rounded_down(reported, costs).unwrap_or(Share(0)),
                missing_of_required: Share::of_whole_rounded_down(required - reported, required)
                    .unwrap_or(Share(0)),
            }),
        };
        CofinancingCheck {
            participant: input.participant.clone(),
            year: input.year,
            programme_year,
            programme_costs: costs,
            share,
            required,
            reported,
            outcome,
        }
    }
}

impl CofinancingCheck {
    /// Whether an adviser should look at it: a shortfall, or a year owing a contribution with
    /// nothing reported.
    pub fn needs_attention(&self) -> bool {
        match self.outcome {
            CofinancingOutcome::Shortfall(_) => true,
            CofinancingOutcome::NotReported => self.required.is_some_and(|r| r > 0),
            _ => false,
        }
    }

    /// What the check found, in Norwegian: «Hamar kommune: I 2011 (programår 3) skal
    /// egenandelen være minst 40 % av programkostnadene på 2 500 000 kr, altså 1 000 000 kr.
    /// Rapportert egeninnsats er 750 000 kr (30 % av kostnadene), 250 000 kr for lite.»
    pub fn message(&self) -> String {
        let who = &self.participant;
        let year = self.year;
        let py = self.programme_year.unwrap_or(0);
        let requirement = |share: Share, required: i64| {
            format!(
                "{who}: I {year} (programår {py}) skal egenandelen være minst {} av programkostnadene på {}, altså {}.",
                share.label(),
                nok(self.programme_costs),
                nok(required)
            )
        };
        match (self.outcome, self.share, self.required) {
            (CofinancingOutcome::BeforeEntry, _, _) => {
                format!("{who}: {year} er før deltakeren ble med i programmet.")
            }
            (CofinancingOutcome::NoRuleForYear, _, _) => format!(
                "{who}: Regelen for egenfinansiering sier ikke hvor stor egenandelen er i programår {py} ({year})."
            ),
            (CofinancingOutcome::NotReported, Some(share), Some(required)) => format!(
                "{} Ingen egeninnsats er rapportert for {year}.",
                requirement(share, required)
            ),
            (CofinancingOutcome::Met { surplus }, Some(share), Some(required)) => format!(
                "{} Rapportert egeninnsats er {}, {}.",
                requirement(share, required),
                nok(self.reported.unwrap_or(0)),
                if surplus == 0 {
                    "akkurat nok".to_string()
                } else {
                    format!("{} mer enn kravet", nok(surplus))
                }
            ),
            (CofinancingOutcome::Shortfall(s), Some(share), Some(required)) => format!(
                "{} Rapportert egeninnsats er {} ({} av kostnadene), {} for lite. Det mangler {} av egenandelen.",
                requirement(share, required),
                nok(self.reported.unwrap_or(0)),
                s.reached.label(),
                nok(s.amount),
                s.missing_of_required.label()
            ),
            _ => unreachable!("the outcome and the requirement are made together"),
        }
    }
}

/// Reads a share as a form writes it, in per cent: «30», «22,5», «33,33 %». At most two
/// decimals, from 0 to 100.
pub fn share_from_percent(raw: &str) -> Result<Share, String> {
    let t = raw.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return Err("Andelen mangler. Skriv andelen i prosent, for eksempel 30.".into());
    }
    let normal = t.replace(',', ".");
    let (whole, decimals) = normal.split_once('.').unwrap_or((&normal, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(decimals.is_empty() || digits(decimals)) {
        return Err(format!(
            "«{}» er ikke en prosentandel. Skriv et tall fra 0 til 100, for eksempel 30 eller 22,5.",
            raw.trim()
        ));
    }
    if decimals.len() > 2 {
        return Err(format!(
            "«{}» har flere enn to desimaler. Skriv andelen med høyst to desimaler, for eksempel 33,33.",
            raw.trim()
        ));
    }
    let whole: u64 = whole.parse().unwrap_or(u64::MAX);
    let hundredths: u64 = format!("{decimals:0<2}").parse().unwrap_or(0);
    let bp = whole.saturating_mul(100).saturating_add(hundredths);
    u32::try_from(bp)
        .ok()
        .and_then(Share::from_basis_points)
        .ok_or_else(|| {
            format!(
                "«{}» er mer enn 100 %. Skriv en andel fra 0 til 100.",
                raw.trim()
            )
        })
}

/// The most programme years a rule may give shares for.
pub const MAX_RULE_YEARS: usize = 10;

impl CofinancingRule {
    /// Reads a rule from a form's fields, one per programme year from year 1 (in per cent). A
    /// blank field ends the rule; a blank before a filled one is an error, as is a rule
    /// without any year. Errors by field: `andel-1`, `andel-2`, ….
    pub fn from_percent_fields(fields: &[String]) -> Result<CofinancingRule, FieldErrors> {
        let mut e = FieldErrors::new();
        let last = fields.iter().rposition(|f| !f.trim().is_empty());
        let Some(last) = last else {
            e.push(
                "andel-1",
                "Skriv kommunens andel for minst programår 1, for eksempel 0.",
            );
            return Err(e);
        };
        if last >= MAX_RULE_YEARS {
            e.push(
                format!("andel-{}", last + 1),
                format!("Regelen kan gi andeler for høyst {MAX_RULE_YEARS} programår."),
            );
        }
        let mut shares = Vec::new();
        for (i, raw) in fields.iter().take(last + 1).enumerate() {
            let field = format!("andel-{}", i + 1);
            if raw.trim().is_empty() {
                e.push(
                    &field,
                    format!(
                        "Andelen for programår {} mangler. Skriv en andel for hvert år fram til det siste, også 0.",
                        i + 1
                    ),
                );
                continue;
            }
            match share_from_percent(raw) {
                Ok(s) => shares.push(s),
                Err(m) => e.push(&field, format!("Programår {}: {m}", i + 1)),
            }
        }
        if e.is_empty() {
            Ok(CofinancingRule { shares })
        } else {
            Err(e)
        }
    }
}

/// The own contribution reported for one year, from the reports for that year (each with its
/// kind and the amount its economy part gives): an annual report's figure when there is one
/// (the sum if there are several entries' annual reports), otherwise the final report's, otherwise
/// the half-year reports' together. `None` when no report gives an amount.
pub fn reported_for_year(reports: &[(ReportKind, i64)]) -> Option<i64> {
    let of = |kind: ReportKind| {
        let amounts: Vec<i64> = reports
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, a)| *a)
            .collect();
        (!amounts.is_empty()).then(|| amounts.iter().sum())
    };
    of(ReportKind::Annual)
        .or_else(|| of(ReportKind::Final))
        .or_else(|| of(ReportKind::HalfYear))
}

/// A participant's co-financing year by year: from the year it entered (programme year 1)
/// through the last year the rule gives a share for, and any later year with a grant or a
/// reported contribution. A year's programme costs are the programme grant for the year and the
/// own contribution reported (so that the share is of what the work cost in all); with nothing
/// reported they are the grant alone, and the requirement is the least the municipality owes.
pub fn participant_years(
    rule: &CofinancingRule,
    participant: &str,
    entry_year: i32,
    grants: &BTreeMap<i32, i64>,
    reported: &BTreeMap<i32, i64>,
) -> Vec<CofinancingCheck> {
    let mut years: BTreeSet<i32> = (0..rule.shares().len() as i32)
        .map(|i| entry_year + i)
        .collect();
    years.extend(
        grants
            .keys()
            .chain(reported.keys())
            .filter(|y| **y >= entry_year),
    );
    years
        .into_iter()
        .map(|year| {
            let grant = grants.get(&year).copied().unwrap_or(0).max(0);
            let own = reported.get(&year).copied();
            rule.check(&CofinancingInput {
                participant: participant.to_string(),
                entry_year,
                year,
                programme_costs: grant + own.unwrap_or(0).max(0),
                reported: own,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> CofinancingRule {
        CofinancingRule::from_fractions(&[0.0, 0.30, 0.40, 0.50]).unwrap()
    }

    fn input(year: i32, costs: i64, reported: Option<i64>) -> CofinancingInput {
        CofinancingInput {
            participant: "Hamar kommune".into(),
            entry_year: 2009,
            year,
            programme_costs: costs,
            reported,
        }
    }

    #[test]
    fn the_required_contribution_rises_by_programme_year() {
        let rule = demo();
        let required: Vec<Option<i64>> = (1..=5).map(|y| rule.required(y, 2_000_000)).collect();
        assert_eq!(
            required,
            [Some(0), Some(600_000), Some(800_000), Some(1_000_000), None]
        );
        assert_eq!(programme_year(2009, 2009), Some(1));
        assert_eq!(programme_year(2009, 2012), Some(4));
        assert_eq!(programme_year(2010, 2009), None);
    }

    #[test]
    fn amounts_are_rounded_up_to_whole_kroner_and_shares_down() {
        let thirty = Share::from_fraction(0.30).unwrap();
        assert_eq!(thirty.of_rounded_up(1_000_001), 300_001, "300 000,3 kr");
        assert_eq!(thirty.of_rounded_up(1_000_000), 300_000);
        assert_eq!(
            Share::of_whole_rounded_down(299_999, 1_000_000)
                .unwrap()
                .label(),
            "29,99 %",
            "just short of 30 % is not shown as 30 %"
        );
        assert_eq!(Share::from_fraction(0.225).unwrap().label(), "22,5 %");
        assert_eq!(Share::from_fraction(0.3333).unwrap().label(), "33,33 %");
        assert_eq!(Share::from_basis_points(5).unwrap().label(), "0,05 %");
        assert!(Share::from_fraction(0.33333)
            .unwrap_err()
            .contains("flere enn to desimaler"));
        assert!(Share::from_fraction(1.5).unwrap_err().contains("150 %"));
        assert!(CofinancingRule::from_fractions(&[]).is_err());
    }

    #[test]
    fn a_shortfall_is_found_with_its_amount_and_share() {
        let check = demo().check(&input(2011, 2_500_000, Some(750_000)));
        assert_eq!(check.programme_year, Some(3));
        assert_eq!(check.required, Some(1_000_000));
        assert_eq!(
            check.outcome,
            CofinancingOutcome::Shortfall(Shortfall {
                amount: 250_000,
                reached: Share::from_basis_points(3_000).unwrap(),
                missing_of_required: Share::from_basis_points(2_500).unwrap(),
            })
        );
        assert!(check.needs_attention());
        assert_eq!(
            check.message(),
            "Hamar kommune: I 2011 (programår 3) skal egenandelen være minst 40 % av programkostnadene på 2 500 000 kr, altså 1 000 000 kr. Rapportert egeninnsats er 750 000 kr (30 % av kostnadene), 250 000 kr for lite. Det mangler 25 % av egenandelen."
        );
        assert_eq!(crate::norwegian::message_fault(&check.message()), None);
    }

    #[test]
    fn met_unreported_first_year_and_uncovered_years_are_told_apart() {
        let rule = demo();
        let met = rule.check(&input(2010, 2_000_000, Some(650_000)));
        assert_eq!(met.outcome, CofinancingOutcome::Met { surplus: 50_000 });
        assert!(!met.needs_attention());
        assert!(met
            .message()
            .ends_with("650 000 kr, 50 000 kr mer enn kravet."));
        let exact = rule.check(&input(2010, 2_000_000, Some(600_000)));
        assert!(
            exact.message().ends_with("akkurat nok."),
            "{}",
            exact.message()
        );

        let first = rule.check(&input(2009, 1_000_000, None));
        assert_eq!(first.required, Some(0));
        assert_eq!(first.outcome, CofinancingOutcome::NotReported);
        assert!(!first.needs_attention(), "nothing is owed in year 1");

        let unreported = rule.check(&input(2012, 1_000_000, None));
        assert!(unreported.needs_attention());
        assert!(unreported
            .message()
            .ends_with("Ingen egeninnsats er rapportert for 2012."));

        let fifth = rule.check(&input(2013, 1_000_000, Some(0)));
        assert_eq!(fifth.outcome, CofinancingOutcome::NoRuleForYear);
        assert_eq!(
            fifth.message(),
            "Hamar kommune: Regelen for egenfinansiering sier ikke hvor stor egenandelen er i programår 5 (2013)."
        );
        assert_eq!(
            rule.check(&input(2008, 1, Some(0))).outcome,
            CofinancingOutcome::BeforeEntry
        );
    }

    #[test]
    fn the_rule_is_configurable_per_programme() {
        let flat = CofinancingRule::new(vec![Share::from_basis_points(2_000).unwrap(); 5]);
        let check = flat.check(&input(2013, 1_000_000, Some(100_000)));
        assert_eq!(check.programme_year, Some(5));
        assert_eq!(check.required, Some(200_000));
        assert!(matches!(
            check.outcome,
            CofinancingOutcome::Shortfall(Shortfall {
                amount: 100_000,
                ..
            })
        ));
    }

    #[test]
    fn a_rule_is_read_from_percent_fields_with_every_problem_at_its_field() {
        let f = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        let rule =
            CofinancingRule::from_percent_fields(&f(&["0", "30 %", "40,5", "", ""])).unwrap();
        let bp: Vec<u32> = rule.shares().iter().map(|s| s.basis_points()).collect();
        assert_eq!(bp, [0, 3000, 4050]);
        let e = CofinancingRule::from_percent_fields(&f(&["0", "", "tretti", "120", "1,234"]))
            .unwrap_err();
        assert!(e.get("andel-2").unwrap().contains("mangler"));
        assert!(e
            .get("andel-3")
            .unwrap()
            .contains("«tretti» er ikke en prosentandel"));
        assert!(e.get("andel-4").unwrap().contains("mer enn 100 %"));
        assert!(e.get("andel-5").unwrap().contains("flere enn to desimaler"));
        let e = CofinancingRule::from_percent_fields(&f(&["", ""])).unwrap_err();
        assert!(e.get("andel-1").unwrap().contains("minst programår 1"));
        assert_eq!(share_from_percent("33,33").unwrap().label(), "33,33 %");
        assert_eq!(share_from_percent("100").unwrap(), Share::HUNDRED_PERCENT);
    }

    #[test]
    fn the_annual_report_counts_before_the_final_and_the_half_year_reports() {
        use ReportKind::*;
        assert_eq!(reported_for_year(&[]), None);
        assert_eq!(
            reported_for_year(&[(HalfYear, 100), (Annual, 450), (HalfYear, 200)]),
            Some(450),
            "the annual report covers the half-years"
        );
        assert_eq!(
            reported_for_year(&[(HalfYear, 100), (HalfYear, 200)]),
            Some(300)
        );
        assert_eq!(
            reported_for_year(&[(HalfYear, 100), (Final, 700)]),
            Some(700)
        );
    }

    #[test]
    fn a_participants_years_take_the_grant_and_the_reported_contribution_as_costs() {
        let grants: BTreeMap<i32, i64> = [
            (2009, 1_000_000),
            (2010, 2_200_000),
            (2011, 1_500_000),
            (2012, 1_500_000),
        ]
        .into();
        let reported: BTreeMap<i32, i64> = [(2010, 1_000_000), (2011, 600_000)].into();
        let years = participant_years(&demo(), "Hamar", 2009, &grants, &reported);
        let y: Vec<i32> = years.iter().map(|c| c.year).collect();
        assert_eq!(y, [2009, 2010, 2011, 2012]);
        // 2010: 30 % of 3 200 000 is 960 000; 1 000 000 reported is enough.
        assert_eq!(years[1].programme_costs, 3_200_000);
        assert_eq!(
            years[1].outcome,
            CofinancingOutcome::Met { surplus: 40_000 }
        );
        // 2011: 40 % of 2 100 000 is 840 000; 600 000 is 240 000 short.
        assert_eq!(years[2].required, Some(840_000));
        assert!(matches!(
            years[2].outcome,
            CofinancingOutcome::Shortfall(Shortfall {
                amount: 240_000,
                ..
            })
        ));
        assert!(years[2].needs_attention());
        // 2012: nothing reported; at least half the grant is owed.
        assert_eq!(years[3].required, Some(750_000));
        assert_eq!(years[3].outcome, CofinancingOutcome::NotReported);
        assert!(years[3].needs_attention());
        assert!(!years[0].needs_attention(), "nothing is owed in year 1");

        // A report after the rule's last year is shown as a year the rule is silent about.
        let later: BTreeMap<i32, i64> = [(2014, 5)].into();
        let years = participant_years(&demo(), "Hamar", 2009, &BTreeMap::new(), &later);
        assert_eq!(
            years.last().unwrap().outcome,
            CofinancingOutcome::NoRuleForYear
        );
    }
}
