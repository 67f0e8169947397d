-- Ratings (好差评) keyed by what is rated: a case today, a 12345 ticket next. Every rating so far
-- rated a case. One rating per subject and channel (一事一评 online, 一次一评 at the window).
ALTER TABLE ratings ADD COLUMN subject_type TEXT NOT NULL DEFAULT 'case';
ALTER TABLE ratings ADD COLUMN subject_id TEXT;
UPDATE ratings SET subject_id = case_id;
CREATE UNIQUE INDEX ratings_subject ON ratings(subject_type, subject_id, channel);
