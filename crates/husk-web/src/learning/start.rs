//! The learning area's start page, `/laering`: the networks the viewer reads, this office's
//! "theme of the month", and the list of the area's parts (each part adds its line to
//! [`PARTS`]).

use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::routes::{Route, Routes};
use crate::shared::state::Acting;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use husk_domain::learning::networks::{rotation_place, RotationPlace};
use husk_store::learning::networks::NetworkFilter;
use husk_store::reporting::today;

/// A part of the learning area: its address, name and what it is for. Who may see the part
/// is decided by its own pages; `staff_only` hides the line from recipients.
struct Part {
    href: &'static str,
    name: &'static str,
    about: &'static str,
    staff_only: bool,
}

/// The area's parts that have pages, in the order the page lists them.
const PARTS: &[Part] = &[
    Part {
        href: "/verktoykasse",
        name: "Verktøykassen",
        about: "Læringsverktøyene i de fem kategoriene med veiledninger, hjelp til å velge verktøy og hvilke kontorer som bruker hva.",
        staff_only: false,
    },
    Part {
        href: "/laeringsarenaer",
        name: "Læringsarenaer",
        about: "Samlinger, fagdager, konferanser og studieturer per kontor, program og nettverk, med kalender og kalenderabonnement.",
        staff_only: false,
    },
    Part {
        href: "/laering/evalueringer",
        name: "Evalueringer",
        about: "Hva deltakerne svarte på evalueringene av arenaene, sammenlignet over arenatyper og år.",
        staff_only: true,
    },
    Part {
        href: "/nettverk",
        name: "Nettverk",
        about: "Læringsnettverk og fagnettverk: medlemmer, læringsagenter, møter og oppdrag mellom møtene.",
        staff_only: false,
    },
    Part {
        href: "/manedens-tema",
        name: "Månedens tema",
        about: "Hvert kontors rotasjon av månedens kunnskapstema: ansvarlig rådgiver, tema og hva som ble delt.",
        staff_only: true,
    },
];

pub struct PartView {
    pub href: String,
    pub name: &'static str,
    pub about: &'static str,
}

pub struct NetworkLink {
    pub href: String,
    pub name: String,
    pub office: String,
}

#[derive(Template)]
#[template(path = "learning/start.html")]
pub struct StartPage {
    pub layout: Layout,
    pub parts: Vec<PartView>,
    pub networks: Vec<NetworkLink>,
    /// (office name, rotation address, this month's theme line if any).
    pub month: Option<(String, String, Option<String>)>,
}

/// `GET /laering`.
pub async fn page(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.is_logged_in())?;
    let v = &auth.viewer;
    let networks = store
        .read_as(v)
        .networks(&NetworkFilter::default())
        .await?
        .into_iter()
        .map(|n| NetworkLink {
            href: format!("/nettverk/{}", n.id),
            name: n.name,
            office: n.office_name,
        })
        .collect();
    let tax = store.taxonomy();
    let month = if v.may_read_theme_of_month() {
        let office = v
            .user()
            .and_then(|u| u.role.region())
            .and_then(|r| tax.region(r))
            .or_else(|| tax.regions.iter().find(|r| r.is_office()));
        match office {
            Some(o) => {
                let entries = store.read_as(v).themes_of_month(Some(&o.code)).await?;
                let now = entries
                    .iter()
                    .find(|t| rotation_place(t.month, today()) == RotationPlace::Current)
                    .map(|t| {
                        let theme = match &t.theme {
                            husk_domain::learning::networks::MonthTheme::Knowledge(c) => {
                                crate::learning::networks::views::theme_name(tax, c)
                            }
                            husk_domain::learning::networks::MonthTheme::Free(s) => s.clone(),
                        };
                        format!("{theme} (ansvarlig: {})", t.adviser)
                    });
                Some((o.name_nb.clone(), format!("/manedens-tema/{}", o.code), now))
            }
            None => None,
        }
    } else {
        None
    };
    let page = StartPage {
        layout: layout(&store, &auth, "Læring", Nav::Learning).await?,
        parts: PARTS
            .iter()
            .filter(|p| !p.staff_only || v.reads_internal())
            .map(|p| PartView {
                // The theme of the month: straight to the viewer's own office's rotation.
                href: match (&month, p.href) {
                    (Some((_, own, _)), "/manedens-tema") => own.clone(),
                    _ => p.href.to_string(),
                },
                name: p.name,
                about: p.about,
            })
            .collect(),
        networks,
        month,
    };
    render(StatusCode::OK, &page)
}

/// The start page's route.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![Route::get("/laering", page)],
        api: vec![],
    }
}
