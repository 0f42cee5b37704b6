//! How an innovation spread: the graph of who took it from whom, the adoption curve, which
//! channels carried adoptions that reached ordinary operation; and, from what Husk already
//! holds of networks, programmes and arenas, the likely sources of adoptions whose source is
//! unknown and the municipalities likely to take it up next.
//!
//! Suggested sources are Husk's inference: each carries its reasons and a confidence, is shown
//! as suggested, and counts nowhere (not in the graph's confirmed edges, the curve or the
//! channel figures) until an adviser confirms it as the adoption's source.

use super::adoptions::{same_actor, AdoptionYear, Channel, Phase, SpreadType};
use serde::Serialize;

code_enum!(
    /// What brings municipalities together, so that one may learn from another.
    GroupKind {
        Network = "nettverk", "Nettverk";
        Programme = "program", "Program";
        Arena = "laeringsarena", "Læringsarena";
    }
    expected "nettverk, program eller laeringsarena"
);

impl GroupKind {
    /// How much sharing this kind of group makes it likely that one member learnt from another
    /// (Husk's own weighting: a network meets again and again, a programme gathers its
    /// municipalities now and then, an arena is one event).
    fn weight(self) -> f64 {
        match self {
            GroupKind::Network => 0.5,
            GroupKind::Programme => 0.4,
            GroupKind::Arena => 0.3,
        }
    }

    /// «i nettverket», «i programmet», «på læringsarenaen».
    fn preposition(self) -> &'static str {
        match self {
            GroupKind::Network => "i nettverket",
            GroupKind::Programme => "i programmet",
            GroupKind::Arena => "på læringsarenaen",
        }
    }
}

/// A member of a group: a municipality (by kommunenummer where known) or an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    pub kommunenummer: Option<String>,
}

impl Member {
    /// Whether this member is the actor named `name` (with `kommunenummer` if known).
    pub fn is(&self, name: &str, kommunenummer: Option<&str>) -> bool {
        match (self.kommunenummer.as_deref(), kommunenummer) {
            (Some(a), Some(b)) => a == b,
            _ => same_actor(&self.name, name),
        }
    }
}

/// A network, programme or arena with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub kind: GroupKind,
    pub name: String,
    /// The year it began (an arena's year), when known.
    pub since: Option<i32>,
    pub members: Vec<Member>,
}

impl Group {
    fn has(&self, name: &str, kommunenummer: Option<&str>) -> bool {
        self.members.iter().any(|m| m.is(name, kommunenummer))
    }
}

/// Where an innovation began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginFact {
    pub place: String,
    pub kommunenummer: Option<String>,
    pub year: Option<i32>,
}

/// An adoption as the diffusion needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdoptionFact {
    pub id: i64,
    pub adopter: String,
    pub kommunenummer: Option<String>,
    pub from: Option<String>,
    pub channel: Channel,
    pub spread: SpreadType,
    pub phase: Phase,
    pub year: Option<AdoptionYear>,
    pub confirmed: bool,
}

/// A likely source Husk suggests for an adoption whose source is unknown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub adoption_id: i64,
    pub adopter: String,
    pub source: String,
    pub source_kommunenummer: Option<String>,
    /// Why, one sentence per shared network, programme or arena.
    pub reasons: Vec<String>,
    /// Husk's confidence in per cent (its own weighting, see [`GroupKind`]).
    pub confidence: u8,
}

/// Someone who had the innovation: the origin or an adopter.
struct Earlier<'a> {
    name: &'a str,
    kommunenummer: Option<&'a str>,
    year: i32,
}

/// The likely sources of every adoption with no source: earlier holders (the origin and
/// confirmed adoptions dated before it) that shared a network, programme or arena with the
/// adopter that had begun by the adoption's year. `rejected` are (adoption, source) pairs an
/// adviser turned down; they are not suggested again. Best first per adoption.
pub fn suggest_sources(
    origin: &OriginFact,
    adoptions: &[AdoptionFact],
    groups: &[Group],
    rejected: &[(i64, String)],
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for a in adoptions.iter().filter(|a| a.from.is_none()) {
        let Some(when) = a.year else {
            // Without a year Husk cannot tell who was there before.
            continue;
        };
        let mut earlier: Vec<Earlier<'_>> = Vec::new();
        if let Some(y) = origin.year.filter(|y| *y < when.year) {
            earlier.push(Earlier {
                name: &origin.place,
                kommunenummer: origin.kommunenummer.as_deref(),
                year: y,
            });
        }
        for b in adoptions {
            if b.id == a.id || !b.confirmed || same_actor(&b.adopter, &a.adopter) {
                continue;
            }
            if let Some(y) = b.year.filter(|y| y.year < when.year) {
                earlier.push(Earlier {
                    name: &b.adopter,
                    kommunenummer: b.kommunenummer.as_deref(),
                    year: y.year,
                });
            }
        }
        let mut mine: Vec<Suggestion> = Vec::new();
        for e in earlier {
            if rejected
                .iter()
                .any(|(id, s)| *id == a.id && same_actor(s, e.name))
                || mine.iter().any(|s| same_actor(&s.source, e.name))
            {
                continue;
            }
            let mut not_likely = 1.0_f64;
            let mut reasons = Vec::new();
            for g in groups {
                if !(g.has(&a.adopter, a.kommunenummer.as_deref())
                    && g.has(e.name, e.kommunenummer))
                {
                    continue;
                }
                match g.since {
                    Some(s) if s > when.year => continue,
                    Some(s) => {
                        not_likely *= 1.0 - g.kind.weight();
                        reasons.push(format!(
                            "{} og {} var begge med {} «{}» fra {s}; {} hadde innovasjonen fra {}.",
                            e.name,
                            a.adopter,
                            g.kind.preposition(),
                            g.name,
                            e.name,
                            e.year
                        ));
                    }
                    None => {
                        not_likely *= 1.0 - g.kind.weight() / 2.0;
                        reasons.push(format!(
                            "{} og {} var begge med {} «{}» (når de ble med, er ikke kjent); {} hadde innovasjonen fra {}.",
                            e.name,
                            a.adopter,
                            g.kind.preposition(),
                            g.name,
                            e.name,
                            e.year
                        ));
                    }
                }
            }
            if reasons.is_empty() {
                continue;
            }
            let mut confidence = 1.0 - not_likely;
            if when.at_latest {
                // The adoption may have come earlier than the year says.
                confidence *= 0.7;
                reasons.push(format!(
                    "{} tok den i bruk senest {}, så det er usikkert om {} var først.",
                    a.adopter, when.year, e.name
                ));
            }
            mine.push(Suggestion {
                adoption_id: a.id,
                adopter: a.adopter.clone(),
                source: e.name.to_string(),
                source_kommunenummer: e.kommunenummer.map(str::to_string),
                reasons,
                confidence: (confidence * 100.0).round().clamp(1.0, 99.0) as u8,
            });
        }
        mine.sort_by(|x, y| {
            y.confidence
                .cmp(&x.confidence)
                .then_with(|| x.source.cmp(&y.source))
        });
        out.extend(mine);
    }
    out
}

/// Whom a likely adopter should ask, through which group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Via {
    pub kind: GroupKind,
    pub group: String,
    /// Members of the group that have the innovation, those in ordinary operation first.
    pub ask: Vec<String>,
}

/// A municipality likely to take an innovation up next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub name: String,
    pub kommunenummer: Option<String>,
    pub via: Vec<Via>,
}

/// Members of networks and programmes (and arenas) with holders of the innovation (its
/// origin, and confirmed adopters that have not dropped it) that have no adoption of it
/// recorded; those sharing the most groups with holders first.
pub fn likely_next(
    origin: &OriginFact,
    adoptions: &[AdoptionFact],
    groups: &[Group],
) -> Vec<Candidate> {
    struct Holder<'a> {
        name: &'a str,
        kommunenummer: Option<&'a str>,
        in_operation: bool,
    }
    let mut holders = vec![Holder {
        name: &origin.place,
        kommunenummer: origin.kommunenummer.as_deref(),
        in_operation: true,
    }];
    for a in adoptions
        .iter()
        .filter(|a| a.confirmed && a.phase != Phase::Dropped)
    {
        holders.push(Holder {
            name: &a.adopter,
            kommunenummer: a.kommunenummer.as_deref(),
            in_operation: a.phase == Phase::Operation,
        });
    }
    let recorded = |m: &Member| {
        m.is(&origin.place, origin.kommunenummer.as_deref())
            || adoptions
                .iter()
                .any(|a| m.is(&a.adopter, a.kommunenummer.as_deref()))
    };
    let mut out: Vec<Candidate> = Vec::new();
    for g in groups {
        let mut ask: Vec<&Holder<'_>> = holders
            .iter()
            .filter(|h| g.has(h.name, h.kommunenummer))
            .collect();
        if ask.is_empty() {
            continue;
        }
        ask.sort_by_key(|h| !h.in_operation);
        let ask: Vec<String> = ask.iter().map(|h| h.name.to_string()).collect();
        for m in g.members.iter().filter(|m| !recorded(m)) {
            let via = Via {
                kind: g.kind,
                group: g.name.clone(),
                ask: ask.clone(),
            };
            match out.iter_mut().find(|c| {
                Member {
                    name: c.name.clone(),
                    kommunenummer: c.kommunenummer.clone(),
                }
                .is(&m.name, m.kommunenummer.as_deref())
            }) {
                Some(c) => c.via.push(via),
                None => out.push(Candidate {
                    name: m.name.clone(),
                    kommunenummer: m.kommunenummer.clone(),
                    via: vec![via],
                }),
            }
        }
    }
    out.sort_by(|a, b| {
        b.via
            .len()
            .cmp(&a.via.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// How an edge of the graph is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeStatus {
    /// An adviser (or the adopter) confirmed the adoption.
    Confirmed,
    /// Recorded, not confirmed yet.
    Proposed,
    /// Husk's suggestion of a source; counts nowhere.
    Suggested,
}

impl EdgeStatus {
    pub fn label(self) -> &'static str {
        match self {
            EdgeStatus::Confirmed => "Bekreftet",
            EdgeStatus::Proposed => "Foreslått, ikke bekreftet",
            EdgeStatus::Suggested => "Forslag fra Husk, ikke bekreftet",
        }
    }
}

/// A holder of the innovation in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub name: String,
    pub kommunenummer: Option<String>,
    pub origin: bool,
    pub year: Option<AdoptionYear>,
    pub phase: Option<Phase>,
    /// Named only as someone's source; no adoption of theirs is recorded.
    pub source_only: bool,
}

/// Who took it from whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub adoption_id: i64,
    pub channel: Channel,
    pub spread: SpreadType,
    pub year: Option<AdoptionYear>,
    pub status: EdgeStatus,
    /// For a suggested edge, Husk's confidence in per cent.
    pub confidence: Option<u8>,
}

/// The diffusion graph of one innovation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Builds the graph: the origin (when known), every adopter, and the sources named that are neither; an
/// edge per adoption with a source, and one per suggestion for those without.
pub fn graph(origin: &OriginFact, adoptions: &[AdoptionFact], suggestions: &[Suggestion]) -> Graph {
    let mut nodes = Vec::new();
    if !origin.place.trim().is_empty() {
        nodes.push(Node {
            name: origin.place.clone(),
            kommunenummer: origin.kommunenummer.clone(),
            origin: true,
            year: origin.year.map(|y| AdoptionYear {
                year: y,
                at_latest: false,
            }),
            phase: None,
            source_only: false,
        });
    }
    for a in adoptions {
        if nodes.iter().any(|n| same_actor(&n.name, &a.adopter)) {
            continue;
        }
        nodes.push(Node {
            name: a.adopter.clone(),
            kommunenummer: a.kommunenummer.clone(),
            origin: false,
            year: a.year,
            phase: Some(a.phase),
            source_only: false,
        });
    }
    for from in adoptions.iter().filter_map(|a| a.from.as_deref()) {
        if !nodes.iter().any(|n| same_actor(&n.name, from)) {
            nodes.push(Node {
                name: from.to_string(),
                kommunenummer: None,
                origin: false,
                year: None,
                phase: None,
                source_only: true,
            });
        }
    }
    let mut edges: Vec<Edge> = adoptions
        .iter()
        .filter_map(|a| {
            Some(Edge {
                from: a.from.clone()?,
                to: a.adopter.clone(),
                adoption_id: a.id,
                channel: a.channel,
                spread: a.spread,
                year: a.year,
                status: if a.confirmed {
                    EdgeStatus::Confirmed
                } else {
                    EdgeStatus::Proposed
                },
                confidence: None,
            })
        })
        .collect();
    for s in suggestions {
        let Some(a) = adoptions.iter().find(|a| a.id == s.adoption_id) else {
            continue;
        };
        edges.push(Edge {
            from: s.source.clone(),
            to: a.adopter.clone(),
            adoption_id: a.id,
            channel: a.channel,
            spread: a.spread,
            year: a.year,
            status: EdgeStatus::Suggested,
            confidence: Some(s.confidence),
        });
    }
    Graph { nodes, edges }
}

/// A year of the adoption curve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurvePoint {
    pub year: i32,
    /// Confirmed adoptions that year (by the year recorded, «senest» ones at that year).
    pub new: usize,
    pub cumulative: usize,
    pub adopters: Vec<String>,
}

/// Confirmed adoptions per year and in total, from the first year to the last with any; with
/// how many confirmed adoptions have no year (left out of the curve).
pub fn curve(adoptions: &[AdoptionFact]) -> (Vec<CurvePoint>, usize) {
    let dated: Vec<(i32, &str)> = adoptions
        .iter()
        .filter(|a| a.confirmed)
        .filter_map(|a| Some((a.year?.year, a.adopter.as_str())))
        .collect();
    let undated = adoptions
        .iter()
        .filter(|a| a.confirmed && a.year.is_none())
        .count();
    let (Some(first), Some(last)) = (
        dated.iter().map(|d| d.0).min(),
        dated.iter().map(|d| d.0).max(),
    ) else {
        return (Vec::new(), undated);
    };
    let mut cumulative = 0;
    let points = (first..=last)
        .map(|year| {
            let mut adopters: Vec<String> = dated
                .iter()
                .filter(|d| d.0 == year)
                .map(|d| d.1.to_string())
                .collect();
            adopters.sort();
            cumulative += adopters.len();
            CurvePoint {
                year,
                new: adopters.len(),
                cumulative,
                adopters,
            }
        })
        .collect();
    (points, undated)
}

/// What one channel carried, across innovations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelFigures {
    pub channel: Channel,
    /// Confirmed adoptions through it.
    pub adoptions: usize,
    /// Of those, the ones in ordinary operation.
    pub in_operation: usize,
}

/// Per channel, the confirmed adoptions and how many reached ordinary operation; most in
/// operation first, channels with none left out.
pub fn channels<'a>(adoptions: impl IntoIterator<Item = &'a AdoptionFact>) -> Vec<ChannelFigures> {
    let mut out: Vec<ChannelFigures> = Channel::ALL
        .iter()
        .map(|c| ChannelFigures {
            channel: *c,
            adoptions: 0,
            in_operation: 0,
        })
        .collect();
    for a in adoptions.into_iter().filter(|a| a.confirmed) {
        if let Some(f) = out.iter_mut().find(|f| f.channel == a.channel) {
            f.adoptions += 1;
            if a.phase == Phase::Operation {
                f.in_operation += 1;
            }
        }
    }
    out.retain(|f| f.adoptions > 0);
    out.sort_by(|a, b| {
        b.in_operation
            .cmp(&a.in_operation)
            .then(b.adoptions.cmp(&a.adoptions))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(y: i32) -> Option<AdoptionYear> {
        Some(AdoptionYear {
            year: y,
            at_latest: false,
        })
    }

    fn adoption(
        id: i64,
        who: &str,
        knr: &str,
        from: Option<&str>,
        y: Option<AdoptionYear>,
        confirmed: bool,
    ) -> AdoptionFact {
        AdoptionFact {
            id,
            adopter: who.into(),
            kommunenummer: Some(knr.into()),
            from: from.map(str::to_string),
            channel: Channel::Network,
            spread: SpreadType::Adoption,
            phase: Phase::Operation,
            year: y,
            confirmed,
        }
    }

    fn member(name: &str, knr: &str) -> Member {
        Member {
            name: name.into(),
            kommunenummer: Some(knr.into()),
        }
    }

    /// A small fixed history: Kongsvinger made a mapping tool in 2009; Hamar took it from
    /// Kongsvinger in 2010; Lillehammer took it up in 2011 from someone unknown; Moss in 2012,
    /// also unknown. Kongsvinger, Hamar and Lillehammer are in a programme from 2009; Hamar and
    /// Lillehammer in a network from 2010; Moss only in a network with Sarpsborg from 2011.
    fn history() -> (OriginFact, Vec<AdoptionFact>, Vec<Group>) {
        let origin = OriginFact {
            place: "Kongsvinger".into(),
            kommunenummer: Some("3401".into()),
            year: Some(2009),
        };
        let adoptions = vec![
            adoption(1, "Hamar", "3403", Some("Kongsvinger"), year(2010), true),
            adoption(2, "Lillehammer", "3405", None, year(2011), true),
            adoption(3, "Moss", "3103", None, year(2012), true),
        ];
        let groups = vec![
            Group {
                kind: GroupKind::Programme,
                name: "Boligsosialt utviklingsprogram".into(),
                since: Some(2009),
                members: vec![
                    member("Kongsvinger", "3401"),
                    member("Hamar", "3403"),
                    member("Lillehammer", "3405"),
                    member("Ringsaker", "3411"),
                ],
            },
            Group {
                kind: GroupKind::Network,
                name: "Innlandsnettverket".into(),
                since: Some(2010),
                members: vec![
                    member("Hamar", "3403"),
                    member("Lillehammer", "3405"),
                    member("Gjøvik", "3407"),
                ],
            },
            Group {
                kind: GroupKind::Network,
                name: "Østfoldnettverket".into(),
                since: Some(2011),
                members: vec![member("Moss", "3103"), member("Sarpsborg", "3105")],
            },
        ];
        (origin, adoptions, groups)
    }

    #[test]
    fn sources_are_suggested_from_shared_groups_before_the_adoption_and_never_count() {
        let (origin, adoptions, groups) = history();
        let s = suggest_sources(&origin, &adoptions, &groups, &[]);
        // Lillehammer: Hamar shares the programme and the network (both before 2011),
        // Kongsvinger the programme only. Moss shares nothing with an earlier holder.
        let who: Vec<(&str, &str, u8)> = s
            .iter()
            .map(|s| (s.adopter.as_str(), s.source.as_str(), s.confidence))
            .collect();
        assert_eq!(
            who,
            vec![
                ("Lillehammer", "Hamar", 70),
                ("Lillehammer", "Kongsvinger", 40)
            ]
        );
        assert_eq!(s[0].reasons.len(), 2);
        assert!(
            s[0].reasons[0].contains("Boligsosialt utviklingsprogram"),
            "{:?}",
            s[0].reasons
        );

        // Suggestions are edges of their own kind; the confirmed edges, the curve and the
        // channels are the same with or without them.
        let g = graph(&origin, &adoptions, &s);
        let confirmed: Vec<&Edge> = g
            .edges
            .iter()
            .filter(|e| e.status == EdgeStatus::Confirmed)
            .collect();
        assert_eq!(confirmed.len(), 1);
        assert_eq!(
            g.edges
                .iter()
                .filter(|e| e.status == EdgeStatus::Suggested)
                .count(),
            2
        );
        assert_eq!(graph(&origin, &adoptions, &[]).edges.len(), 1);
        let figures = channels(&adoptions);
        assert_eq!(figures[0].adoptions, 3, "a suggestion adds no adoption");

        // A rejected suggestion is not made again.
        let s = suggest_sources(&origin, &adoptions, &groups, &[(2, "Hamar".into())]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].source, "Kongsvinger");
    }

    #[test]
    fn a_group_that_began_after_the_adoption_suggests_nothing() {
        let (origin, adoptions, mut groups) = history();
        groups[0].since = Some(2012);
        groups[1].since = Some(2012);
        assert!(suggest_sources(&origin, &adoptions, &groups, &[]).is_empty());
        // When the group's start is unknown it counts, at half weight, and says so.
        groups[1].since = None;
        let s = suggest_sources(&origin, &adoptions, &groups, &[]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].confidence, 25);
        assert!(s[0].reasons[0].contains("ikke kjent"));
    }

    #[test]
    fn the_likely_next_are_members_beside_holders_with_whom_to_ask() {
        let (origin, adoptions, groups) = history();
        let next = likely_next(&origin, &adoptions, &groups);
        let names: Vec<&str> = next.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["Gjøvik", "Ringsaker", "Sarpsborg"]);
        assert_eq!(
            next[1].via[0].ask,
            vec!["Kongsvinger", "Hamar", "Lillehammer"]
        );
        // An adopter that dropped it is nobody to ask.
        let mut dropped = adoptions.clone();
        dropped[2].phase = Phase::Dropped;
        let next = likely_next(&origin, &dropped, &groups);
        assert!(!next.iter().any(|c| c.name == "Sarpsborg"));
    }

    #[test]
    fn the_curve_counts_confirmed_adoptions_by_year() {
        let (_, mut adoptions, _) = history();
        adoptions.push(adoption(4, "Gjøvik", "3407", None, year(2014), false));
        adoptions.push(adoption(5, "Ringsaker", "3411", None, None, true));
        let (points, undated) = curve(&adoptions);
        assert_eq!(undated, 1);
        let figures: Vec<(i32, usize, usize)> = points
            .iter()
            .map(|p| (p.year, p.new, p.cumulative))
            .collect();
        assert_eq!(figures, vec![(2010, 1, 1), (2011, 1, 2), (2012, 1, 3)]);
    }
}
