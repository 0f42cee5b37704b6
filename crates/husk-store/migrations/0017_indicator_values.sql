-- Indicator values per municipality and year, imported from tables (kommunenummer, year,
-- indicator code, value; see husk_files::indicators). A newer import of the same municipality,
-- year and indicator replaces the value; the audit log keeps the old one.
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    kommunenummer TEXT NOT NULL CHECK (length(kommunenummer) = 4),
    year INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    value REAL NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    UNIQUE (kommunenummer, year, indicator)
);
