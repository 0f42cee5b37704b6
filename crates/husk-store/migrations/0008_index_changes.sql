-- What the search index has to catch up with. Every change to what a document looks like in the
-- index (the document row, its passages, its links and classification, the region of a linked
-- project) adds a row here, in the same transaction as the change, through the triggers below.
-- The index records with each commit the last `seq` it has applied, so after a crash, or while
-- another process (the CLI) adds documents, only the documents named after that are indexed.
CREATE TABLE index_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL
);

CREATE TRIGGER index_documents_insert AFTER INSERT ON documents BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.id);
END;
CREATE TRIGGER index_documents_update AFTER UPDATE ON documents BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.id);
END;
CREATE TRIGGER index_documents_delete AFTER DELETE ON documents BEGIN
    INSERT INTO index_changes (document_id) VALUES (OLD.id);
END;

-- Passages come in thousands at a time: one row per run of passages of the same document.
CREATE TRIGGER index_passages_insert AFTER INSERT ON passages
WHEN (SELECT document_id FROM index_changes ORDER BY seq DESC LIMIT 1) IS NOT NEW.document_id
BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.document_id);
END;
CREATE TRIGGER index_passages_update AFTER UPDATE ON passages
WHEN (SELECT document_id FROM index_changes ORDER BY seq DESC LIMIT 1) IS NOT NEW.document_id
BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.document_id);
END;
CREATE TRIGGER index_passages_delete AFTER DELETE ON passages
WHEN (SELECT document_id FROM index_changes ORDER BY seq DESC LIMIT 1) IS NOT OLD.document_id
BEGIN
    INSERT INTO index_changes (document_id) VALUES (OLD.document_id);
END;

CREATE TRIGGER index_document_projects_insert AFTER INSERT ON document_projects BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.document_id);
END;
CREATE TRIGGER index_document_projects_delete AFTER DELETE ON document_projects BEGIN
    INSERT INTO index_changes (document_id) VALUES (OLD.document_id);
END;
CREATE TRIGGER index_document_themes_insert AFTER INSERT ON document_themes BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.document_id);
END;
CREATE TRIGGER index_document_themes_delete AFTER DELETE ON document_themes BEGIN
    INSERT INTO index_changes (document_id) VALUES (OLD.document_id);
END;
CREATE TRIGGER index_document_target_groups_insert AFTER INSERT ON document_target_groups BEGIN
    INSERT INTO index_changes (document_id) VALUES (NEW.document_id);
END;
CREATE TRIGGER index_document_target_groups_delete AFTER DELETE ON document_target_groups BEGIN
    INSERT INTO index_changes (document_id) VALUES (OLD.document_id);
END;

-- A document's regions include those of its projects.
CREATE TRIGGER index_projects_region AFTER UPDATE OF region ON projects
WHEN OLD.region IS NOT NEW.region
BEGIN
    INSERT INTO index_changes (document_id)
    SELECT document_id FROM document_projects WHERE project_id = NEW.id;
END;
