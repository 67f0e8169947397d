-- The public figures of cases (办件数据), kept: recomputed by the job figures.refresh, which every
-- change of a case queues (when none waits), and read as they were kept — a request never
-- computes them from every case ever. One row per grouping (bundle, item): its rows as JSON.
CREATE TABLE figure_snapshots (
    grouping     TEXT PRIMARY KEY CHECK (grouping IN ('bundle', 'item')),
    rows_json    TEXT NOT NULL,
    computed_at  TEXT NOT NULL
);
