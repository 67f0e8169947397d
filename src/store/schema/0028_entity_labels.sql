-- The labels (认定标签) of market entities are data the city extends: one bit each in the
-- entities' `labels` mask (0–62), never reused; the platform's first eight are seeded here with
-- the bits they have always had. Rules read a label by its code or its name.
CREATE TABLE entity_labels (
    bit         INTEGER PRIMARY KEY CHECK (bit >= 0 AND bit < 63),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
INSERT INTO entity_labels (bit, code, name, created_at) VALUES
    (0, 'zjtx', '专精特新中小企业', '2026-01-01T00:00:00.000Z'),
    (1, 'hnte', '高新技术企业', '2026-01-01T00:00:00.000Z'),
    (2, 'gazelle', '瞪羚企业', '2026-01-01T00:00:00.000Z'),
    (3, 'unicorn', '独角兽企业', '2026-01-01T00:00:00.000Z'),
    (4, 'little_giant', '专精特新小巨人', '2026-01-01T00:00:00.000Z'),
    (5, 'eaglet', '雏鹰企业', '2026-01-01T00:00:00.000Z'),
    (6, 'tech_sme', '科技型中小企业', '2026-01-01T00:00:00.000Z'),
    (7, 'champion', '制造业单项冠军', '2026-01-01T00:00:00.000Z');
