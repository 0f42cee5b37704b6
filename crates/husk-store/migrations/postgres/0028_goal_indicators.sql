-- The indicators that measure a programme's goals (issue 10): a goal code of the programme and
-- one of Husk's indicator codes. `note` is empty for a link an adviser recorded and says
-- «Utledet …» and from what for one Husk inferred (the demo's).
CREATE TABLE programme_goal_indicators (
    programme_id TEXT NOT NULL REFERENCES programmes (project_id) ON DELETE CASCADE,
    goal_code TEXT NOT NULL,
    indicator TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    sort BIGINT NOT NULL,
    PRIMARY KEY (programme_id, goal_code, indicator)
);
