-- A failed job's error in English beside the Chinese one (error), so that each page shows it in
-- its own language.
ALTER TABLE jobs ADD COLUMN error_en TEXT;
